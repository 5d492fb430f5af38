namespace CodingAgent.Core.Runs;

public enum CancelOutcome
{
    NotFound,
    AlreadyFinished,
    Requested,
}
