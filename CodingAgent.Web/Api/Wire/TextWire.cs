namespace CodingAgent.Web.Api.Wire;

/// <summary><c>text</c> and <c>thinking</c>: streamed text.</summary>
public sealed record TextWire(string Delta);
