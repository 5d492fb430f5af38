namespace CodingAgent.Web.Api.Wire;

/// <summary><c>notice</c>, <c>kernel_restarted</c> and <c>error</c>: a message for the user.</summary>
public sealed record MessageWire(string Message);
