using System.Text;
using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Runs;

/// <summary>What a run had streamed, rebuilt from its stored events: the text so far and every step, finished or not.</summary>
public sealed record RunTranscript(string Content, IReadOnlyList<ExecutionStep> Steps, bool HasDone)
{
    public const string UnfinishedStepError = "Interrupted";

    public static RunTranscript From(IReadOnlyList<RunEvent> events, Guid messageId, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var steps = new List<ExecutionStep>();
        var ended = new HashSet<Guid>();
        var hasDone = false;
        foreach (var stored in events)
        {
            switch (AgentEventJson.Deserialize(stored.Name, stored.Data))
            {
                case TextDeltaEvent delta:
                    text.Append(delta.Delta);
                    break;
                case CodeEvent code:
                    steps.Add(new ExecutionStep { Id = code.StepId, MessageId = messageId, Index = steps.Count + 1, Code = code.Code, CreatedAt = stored.CreatedAt });
                    break;
                case StdoutEvent stdout when steps.Find(s => s.Id == stdout.StepId) is { } step:
                    step.Stdout += stdout.Text;
                    break;
                case StderrEvent stderr when steps.Find(s => s.Id == stderr.StepId) is { } step:
                    step.Stderr += stderr.Text;
                    break;
                case StepErrorEvent error when steps.Find(s => s.Id == error.StepId) is { } step:
                    step.ErrorType = error.Type;
                    step.ErrorMessage = error.Message;
                    step.Traceback = error.Traceback;
                    break;
                case StepEndEvent end when steps.Find(s => s.Id == end.StepId) is { } step:
                    step.Succeeded = end.Succeeded;
                    step.DurationMs = end.DurationMs;
                    step.ResultText = end.ResultText;
                    ended.Add(step.Id);
                    break;
                case DoneEvent:
                    hasDone = true;
                    break;
            }
        }
        foreach (var step in steps.Where(s => !ended.Contains(s.Id)))
        {
            step.Succeeded = false;
            step.ErrorType ??= UnfinishedStepError;
            step.ErrorMessage ??= "The app instance running this step stopped before it finished; the output above is what it had printed.";
            step.DurationMs = Math.Max(0, (now - step.CreatedAt).TotalMilliseconds);
        }
        return new RunTranscript(text.ToString().Trim(), steps, hasDone);
    }
}
