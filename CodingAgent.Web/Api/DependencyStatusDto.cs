namespace CodingAgent.Web.Api;

/// <summary>One dependency in the readiness report: <c>ready</c> or <c>unavailable</c>, and why.</summary>
public sealed record DependencyStatusDto(string Status, string? Problem);
