namespace CodingAgent.Web.Api.Wire;

/// <summary><c>artifact</c>: a table, chart, image or file shown to the user.</summary>
public sealed record ArtifactWire(Guid Id, string Kind, string Name, string MediaType, Guid StepId);
