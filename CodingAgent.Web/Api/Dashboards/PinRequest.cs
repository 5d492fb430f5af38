namespace CodingAgent.Web.Api.Dashboards;

/// <summary>The body of <c>POST /api/dashboards/{id}/tiles</c>: a chart or table artifact and an optional title.</summary>
public sealed record PinRequest(Guid? ArtifactId, string? Title);
