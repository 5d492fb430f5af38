namespace CodingAgent.Web.Api.Wire;

/// <summary><c>done</c>: always last.</summary>
public sealed record DoneWire(string Status, UsageWire Usage);
