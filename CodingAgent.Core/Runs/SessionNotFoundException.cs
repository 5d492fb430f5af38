namespace CodingAgent.Core.Runs;

public sealed class SessionNotFoundException(Guid sessionId) : Exception($"Session {sessionId} does not exist.");
