namespace CodingAgent.Web.Access;

/// <summary>What the route's <c>{id}</c> names.</summary>
public enum ResourceKind
{
    Session,
    Dashboard,
    Artifact,
}
