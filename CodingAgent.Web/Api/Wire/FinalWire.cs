namespace CodingAgent.Web.Api.Wire;

/// <summary><c>final</c>: the answer in Markdown.</summary>
public sealed record FinalWire(string Content);
