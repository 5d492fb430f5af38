namespace CodingAgent.Web.Sharing;

/// <summary>The body of <c>POST /api/sessions/{id}/shares</c> and <c>POST /api/dashboards/{id}/shares</c>.</summary>
public sealed record ShareRequest(string? Email);
