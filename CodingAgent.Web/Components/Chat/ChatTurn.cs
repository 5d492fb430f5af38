using System.Text;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Runs;

namespace CodingAgent.Web.Components.Chat;

public sealed record ArtifactRef(Guid Id, string Kind, string Name, string MediaType);

/// <summary>One execution as the chat shows it.</summary>
public sealed class StepView(Guid id, string code)
{
    public Guid Id { get; } = id;
    public string Code { get; } = code;
    public StringBuilder Stdout { get; } = new();
    public StringBuilder Stderr { get; } = new();
    public string? ResultText { get; set; }
    public bool Finished { get; set; }
    public bool Succeeded { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    public string? Traceback { get; set; }
    public double? DurationMs { get; set; }
    /// <summary>Tokens of the model calls that led to this step, where stored (answers loaded from history).</summary>
    public UsageInfo? Usage { get; set; }
    public List<ArtifactRef> Artifacts { get; } = [];
}

/// <summary>A piece of an assistant message, in order: streamed text or a step.</summary>
public abstract record TurnPart;

public sealed record TextPart(StringBuilder Text) : TurnPart;

public sealed record StepPart(StepView Step) : TurnPart;

/// <summary>Something the user must know that is neither the model's text nor a step (a kernel restart).</summary>
public sealed record NoticePart(string Text) : TurnPart;

/// <summary>The model's visible reasoning, shown collapsed; not part of the answer.</summary>
public sealed record ThinkingPart(StringBuilder Text) : TurnPart;

/// <summary>What the user should know while waiting (a rate limit and its retry delay, a compaction): not a warning.</summary>
public sealed record InfoPart(string Text) : TurnPart;

/// <summary>A user question or an assistant answer, built from the database or from live run events.</summary>
public sealed class ChatTurn
{
    public Guid Id { get; init; }
    public string Role { get; init; } = MessageRoles.User;
    public string UserText { get; init; } = "";
    public List<TurnPart> Parts { get; } = [];
    public string? FinalContent { get; set; }
    public string? Status { get; set; }
    public string? Error { get; set; }
    public Guid? RunId { get; set; }
    public UsageInfo? Usage { get; set; }

    /// <summary>When the run started and ended, where the page knows it (live runs); null for answers loaded from history.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    public bool IsRunning => Status == RunStatuses.Running;

    public static ChatTurn FromMessage(ConversationMessage message, ILookup<Guid?, Artifact> artifactsByStep)
    {
        if (message.Role == MessageRoles.User)
        {
            return new ChatTurn { Id = message.Id, Role = MessageRoles.User, UserText = message.Content };
        }
        var turn = new ChatTurn
        {
            Id = message.Id,
            Role = MessageRoles.Assistant,
            Status = message.Status,
            Error = message.Error,
            RunId = message.RunId,
            Usage = new UsageInfo(message.InputTokens, message.OutputTokens, message.Cost),
        };
        foreach (var step in message.Steps)
        {
            var view = new StepView(step.Id, step.Code)
            {
                ResultText = step.ResultText,
                Finished = true,
                Succeeded = step.Succeeded,
                ErrorType = step.ErrorType,
                ErrorMessage = step.ErrorMessage,
                Traceback = step.Traceback,
                DurationMs = step.DurationMs,
                Usage = step.InputTokens + step.OutputTokens > 0 ? new UsageInfo(step.InputTokens, step.OutputTokens) : null,
            };
            view.Stdout.Append(step.Stdout);
            view.Stderr.Append(step.Stderr);
            view.Artifacts.AddRange(artifactsByStep[step.Id].Select(a => new ArtifactRef(a.Id, a.Kind, a.Name, a.MediaType)));
            turn.Parts.Add(new StepPart(view));
        }
        if (message.Content.Length > 0)
        {
            turn.FinalContent = message.Content;
        }
        return turn;
    }

    /// <summary>Applies one live event of this turn's run.</summary>
    public void Apply(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case RunStartedEvent started:
                RunId = started.RunId;
                Status = RunStatuses.Running;
                break;
            case TextDeltaEvent text:
                if (Parts.Count > 0 && Parts[^1] is TextPart last)
                {
                    last.Text.Append(text.Delta);
                }
                else
                {
                    Parts.Add(new TextPart(new StringBuilder(text.Delta)));
                }
                break;
            case ThinkingEvent thinking:
                if (Parts.Count > 0 && Parts[^1] is ThinkingPart reasoning)
                {
                    reasoning.Text.Append(thinking.Delta);
                }
                else
                {
                    Parts.Add(new ThinkingPart(new StringBuilder(thinking.Delta)));
                }
                break;
            case NoticeEvent notice:
                Parts.Add(new InfoPart(notice.Message));
                break;
            case CodeEvent code:
                Parts.Add(new StepPart(new StepView(code.StepId, code.Code)));
                break;
            case StdoutEvent stdout:
                FindStep(stdout.StepId)?.Stdout.Append(stdout.Text);
                break;
            case StderrEvent stderr:
                FindStep(stderr.StepId)?.Stderr.Append(stderr.Text);
                break;
            case ArtifactEvent artifact:
                FindStep(artifact.StepId)?.Artifacts.Add(new ArtifactRef(artifact.Id, artifact.Kind, artifact.Name, artifact.MediaType));
                break;
            case StepErrorEvent error when FindStep(error.StepId) is { } step:
                step.ErrorType = error.Type;
                step.ErrorMessage = error.Message;
                step.Traceback = error.Traceback;
                break;
            case StepEndEvent end when FindStep(end.StepId) is { } step:
                step.Finished = true;
                step.Succeeded = end.Succeeded;
                step.ResultText = end.ResultText;
                step.DurationMs = end.DurationMs;
                break;
            case KernelRestartedEvent restarted:
                Parts.Add(new NoticePart(restarted.Message));
                break;
            case FinalEvent:
                // the streamed text parts already hold the answer
                break;
            case ErrorEvent error:
                Error = error.Message;
                break;
            case DoneEvent done:
                Status = done.Status;
                Usage = done.Usage;
                break;
        }
    }

    private StepView? FindStep(Guid id) =>
        Parts.OfType<StepPart>().Select(p => p.Step).LastOrDefault(s => s.Id == id);
}
