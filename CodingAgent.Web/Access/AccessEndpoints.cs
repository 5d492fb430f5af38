namespace CodingAgent.Web.Access;

/// <summary>
/// How a route declares whose it is: every route with an <c>{id}</c> calls exactly one of these (a test calls every
/// route as another user and fails on any that answers anything but 404).
/// </summary>
public static class AccessEndpoints
{
    /// <summary>The route reads the session <c>{id}</c> (or something of it): its owner and those it is shared with.</summary>
    public static RouteHandlerBuilder ReadsSession(this RouteHandlerBuilder route) => route.AddEndpointFilter(new ResourceAccessFilter(ResourceKind.Session, AccessLevel.Read));

    /// <summary>The route changes the session <c>{id}</c> or runs code in its kernel: its owner only.</summary>
    public static RouteHandlerBuilder ChangesSession(this RouteHandlerBuilder route) => route.AddEndpointFilter(new ResourceAccessFilter(ResourceKind.Session, AccessLevel.Write));

    public static RouteHandlerBuilder ReadsDashboard(this RouteHandlerBuilder route) => route.AddEndpointFilter(new ResourceAccessFilter(ResourceKind.Dashboard, AccessLevel.Read));

    public static RouteHandlerBuilder ChangesDashboard(this RouteHandlerBuilder route) => route.AddEndpointFilter(new ResourceAccessFilter(ResourceKind.Dashboard, AccessLevel.Write));

    /// <summary>The route reads the artifact <c>{id}</c>: see <see cref="ArtifactAccess"/>.</summary>
    public static RouteHandlerBuilder ReadsArtifact(this RouteHandlerBuilder route) => route.AddEndpointFilter(new ResourceAccessFilter(ResourceKind.Artifact, AccessLevel.Read));
}
