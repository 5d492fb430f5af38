namespace CodingAgent.Web.Sharing;

/// <summary>A user a session or dashboard is shared with (the body of <c>POST …/shares</c>' answer and of <c>GET …/shares</c>).</summary>
public sealed record ShareGrant(string Email, string UserId);
