namespace CodingAgent.Core.Files;

public sealed class InvalidFileNameException(string message) : ArgumentException(message);
