using System.Text;
using System.Text.RegularExpressions;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The agent loop of one turn: streams the model's answer (text, visible reasoning, tool calls through
/// <see cref="PythonTool"/>, or ```python blocks for models without tools), re-asks once for an empty or cut-off
/// reply, and always ends with an answer that says what was found or why it failed. The conversation comes from
/// <see cref="ConversationBuilder"/>; steps are recorded by <see cref="StepRecorder"/>.
/// </summary>
public sealed partial class AgentRunner(
    IModelCatalog models,
    ConversationBuilder conversation,
    TokenBudgets budgets,
    KernelTracker kernels,
    ISessionRepository repository,
    IBlobStore blobs,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<AgentRunner> logger,
    IAuditLog? audit = null)
{
    /// <summary>Re-asks after an empty or cut-off reply, per run.</summary>
    public const int MaxCorrections = 2;

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IKernel, KernelReads> _reads = new();
    private readonly AgentOptions _options = options.Value;

    [GeneratedRegex(@"```(?:python|py)[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex PythonBlock();

    internal async Task RunAsync(RunHandle handle, ConversationMessage assistant, string question, CancellationToken cancellationToken)
    {
        handle.Publish(new RunStartedEvent(handle.RunId, handle.MessageId));
        var run = new RunContext(handle, kernels, _reads);
        RunOutcome outcome;
        try
        {
            run.Model = await ResolveModelAsync(handle.SessionId, cancellationToken);
            run.Budget = await budgets.ForRunAsync(handle.SessionId, handle.User, cancellationToken);
            assistant.Model = run.Model.Id;
            outcome = await AnswerAsync(run, models.GetClient(run.Model), question, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped by its user, or by the app stopping / the session lock lost (then it was not the user's wish)
            outcome = new RunOutcome(handle.InterruptReason is null ? RunStatuses.Cancelled : RunStatuses.Interrupted, run.StreamedAnswer, handle.InterruptReason);
        }
        catch (TokenBudgetExceededException ex)
        {
            outcome = new RunOutcome(RunStatuses.Failed, run.StreamedAnswer, ex.Message);
        }
        catch (ModelNotConfiguredException ex)
        {
            outcome = new RunOutcome(RunStatuses.Failed, run.StreamedAnswer, ex.Message);
        }
        catch (ModelProviderException ex)
        {
            outcome = new RunOutcome(RunStatuses.Failed, run.StreamedAnswer, ex.Message);
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, handle.RunId, ex);
            outcome = new RunOutcome(RunStatuses.Failed, run.StreamedAnswer, "The run failed: " + ex.Message);
        }

        assistant.Content = outcome.Content.Trim();
        assistant.Status = outcome.Status;
        assistant.Error = outcome.Error;
        assistant.InputTokens = run.Usage.Input;
        assistant.OutputTokens = run.Usage.Output;
        assistant.Cost = run.Model?.CostOf(run.Usage.Input, run.Usage.Output);
        await repository.UpdateMessageAsync(assistant, CancellationToken.None);

        if (outcome.Error is not null)
        {
            handle.Publish(new ErrorEvent(outcome.Error));
        }
        else if (outcome.Status == RunStatuses.Completed)
        {
            handle.Publish(new FinalEvent(assistant.Content));
        }
        handle.Publish(new DoneEvent(outcome.Status, new UsageInfo(run.Usage.Input, run.Usage.Output, assistant.Cost)));
    }

    /// <summary>The session's model, or the default; a model no longer configured is an error that names the ones that are.</summary>
    private async Task<ModelChoice> ResolveModelAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var chosen = (await repository.GetSessionAsync(sessionId, cancellationToken))?.Model;
        return models.Find(chosen)
            ?? throw (string.IsNullOrWhiteSpace(chosen) ? new ModelNotConfiguredException() : ModelNotConfiguredException.Unknown(chosen, models.Models));
    }

    private async Task<RunOutcome> AnswerAsync(RunContext run, IChatClient chatClient, string question, CancellationToken cancellationToken)
    {
        var tool = new PythonTool(run, new StepRecorder(run, repository, blobs, time, audit, logger), _options);
        var messages = await conversation.BuildAsync(run, question, cancellationToken);
        var chatOptions = run.FencedCode ? new ChatOptions() : new ChatOptions { Tools = [tool.AsFunction()] };
        var corrections = 0;
        var toolsWithdrawn = false;
        while (true)
        {
            if (run.BudgetExceeded is { } spent)
            {
                // no further request may be made: the answer is what was streamed
                return new RunOutcome(RunStatuses.Failed, run.StreamedAnswer, spent);
            }
            var reply = await StreamReplyAsync(run, chatClient, messages, chatOptions, cancellationToken);
            messages.AddMessages(reply.Updates);
            var blocks = reply.ToolCalled || !_options.ExecuteCodeBlocks ? [] : CodeBlocks(reply.Text.ToString());
            if (blocks.Count > 0 && tool.Failures < _options.MaxAttempts && tool.Executions < _options.MaxExecutions)
            {
                // a model that writes code instead of calling the tool: run it and hand back the output
                messages.Add(new ChatMessage(ChatRole.User, await RunBlocksAsync(tool, blocks, run, cancellationToken)));
                continue;
            }
            if (reply.IsEmpty && tool.Exhausted && !toolsWithdrawn)
            {
                // out of attempts (or told to stop and went on calling): one last request without the tool, for its account
                toolsWithdrawn = true;
                chatOptions = new ChatOptions();
                messages.Add(new ChatMessage(ChatRole.User, "You cannot run code any more for this question. Answer now: say what you found, or why you could not find it."));
                continue;
            }
            if (reply.IsEmpty)
            {
                if (toolsWithdrawn || corrections++ >= MaxCorrections)
                {
                    return HonestFailure(run, tool, "the model gave no answer");
                }
                messages.Add(new ChatMessage(ChatRole.User, "Your last reply was empty. Answer the question now: say what you found, or why you could not find it."));
                continue;
            }
            if (reply.WasCutOff)
            {
                if (corrections++ >= MaxCorrections)
                {
                    return new RunOutcome(RunStatuses.Completed, reply.Text + "\n\n*(The answer was cut off at the model's output limit.)*", null);
                }
                run.Handle.Publish(new NoticeEvent("The model's reply was cut off at its output limit; asking it for a shorter answer."));
                run.Handle.Publish(new TextDeltaEvent("\n\n"));
                messages.Add(new ChatMessage(ChatRole.User, "Your reply was cut off at the output token limit. Give your complete final answer again, much shorter."));
                continue;
            }
            return new RunOutcome(RunStatuses.Completed, reply.Text.ToString(), null);
        }
    }

    /// <summary>One model request, streamed to the run's events; the function-invocation layer runs tool calls inside it.</summary>
    private static async Task<ModelReply> StreamReplyAsync(RunContext run, IChatClient chatClient, List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        var reply = new ModelReply();
        run.Reply = reply;
        using var notices = ModelCallScope.Begin(message => run.Handle.Publish(new NoticeEvent(message)));
        await foreach (var update in chatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
        {
            reply.Updates.Add(update);
            reply.FinishReason = update.FinishReason ?? reply.FinishReason;
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent text when !string.IsNullOrEmpty(text.Text):
                        reply.Text.Append(text.Text);
                        run.Handle.Publish(new TextDeltaEvent(text.Text));
                        break;
                    case TextReasoningContent reasoning when !string.IsNullOrEmpty(reasoning.Text):
                        run.Handle.Publish(new ThinkingEvent(reasoning.Text));
                        break;
                    case FunctionCallContent or FunctionResultContent:
                        // the answer is what the model says after its last tool call
                        reply.ToolCalled = true;
                        if (reply.Text.Length > 0)
                        {
                            run.Handle.Publish(new TextDeltaEvent("\n\n"));
                        }
                        reply.Text.Clear();
                        reply.FinishReason = null;
                        break;
                    case UsageContent usage:
                        run.Usage.Add(usage.Details);
                        break;
                }
            }
        }
        return reply;
    }

    private static List<string> CodeBlocks(string text) =>
        [.. PythonBlock().Matches(text).Select(m => m.Groups["code"].Value).Where(c => !string.IsNullOrWhiteSpace(c))];

    private static async Task<string> RunBlocksAsync(PythonTool tool, List<string> blocks, RunContext run, CancellationToken cancellationToken)
    {
        var results = new StringBuilder("Output of the code you wrote (it was run in the kernel):\n");
        foreach (var code in blocks)
        {
            results.Append(await tool.RunAsync(code, cancellationToken)).Append('\n');
        }
        run.Handle.Publish(new TextDeltaEvent("\n\n"));
        return results.Append("\nIf it failed, send corrected code in a ```python block; otherwise give the final answer without code.").ToString();
    }

    /// <summary>The answer when the model gave none: why, and what the last execution said.</summary>
    private static RunOutcome HonestFailure(RunContext run, PythonTool tool, string reason)
    {
        var text = new StringBuilder("I could not answer this question: ");
        text.Append(tool.Failures > 0 ? $"the code failed {tool.Failures} time{(tool.Failures == 1 ? "" : "s")} and {reason}" : reason).Append('.');
        if (tool.LastFailedStep is { ErrorType: { } type } failed)
        {
            text.Append(" The last attempt failed with ").Append(type).Append(": ").Append(ToolResultText.Shorten(failed.ErrorMessage ?? "", 300)).Append('.');
        }
        else if (run.Steps.Count > 0)
        {
            text.Append($" {run.Steps.Count} execution{(run.Steps.Count == 1 ? "" : "s")} ran; their output is shown above.");
        }
        var message = text.ToString();
        return new RunOutcome(RunStatuses.Failed, message, message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private static partial void LogRunFailed(ILogger logger, Guid runId, Exception exception);
}
