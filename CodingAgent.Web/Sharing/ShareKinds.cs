namespace CodingAgent.Web.Sharing;

/// <summary>What a <see cref="Data.ShareRow"/> shares (its <c>ResourceKind</c>).</summary>
public static class ShareKinds
{
    public const string Session = "session";
    public const string Dashboard = "dashboard";
}
