namespace CodingAgent.Web.Api.Dashboards;

/// <summary>The body of <c>POST /api/dashboards</c> and <c>PATCH /api/dashboards/{id}</c>.</summary>
public sealed record DashboardNameRequest(string? Name);
