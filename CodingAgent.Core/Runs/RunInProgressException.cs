namespace CodingAgent.Core.Runs;

public sealed class RunInProgressException(Guid runId) : Exception($"The session is already answering a question (run {runId}); wait for it or cancel it.")
{
    public Guid RunId { get; } = runId;
}
