using System.Collections.Concurrent;
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
/// The agent loop of one turn: builds the prompt (workspace tables, history), streams the model's answer,
/// lets it run Python through <see cref="PythonTool"/> (function calling, or ```python blocks for models
/// without tools), and persists and publishes everything as it happens.
/// </summary>
public sealed partial class AgentRunner(
    IModelCatalog models,
    ISandboxPool sandboxes,
    ISessionRepository repository,
    IBlobStore blobs,
    Files.WorkspaceFileService workspaceFiles,
    Profiling.IFileProfiles profiles,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<AgentRunner> logger)
{
    private const int MaxCachedProfiles = 1000;
    // weak: a stopped kernel must not be kept alive by the memory of having used it
    private readonly ConcurrentDictionary<Guid, WeakReference<IKernel>> _kernelBySession = new();
    private readonly ConcurrentDictionary<string, string> _profiles = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IKernel, KernelReads> _reads = new();
    private readonly AgentOptions _options = options.Value;

    [GeneratedRegex(@"```(?:python|py)[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex PythonBlock();

    internal async Task RunAsync(RunHandle handle, ConversationMessage assistant, string question, CancellationToken cancellationToken)
    {
        var usage = new UsageTotals();
        var answer = new StringBuilder();
        string status;
        string? errorMessage = null;
        handle.Publish(new RunStartedEvent(handle.RunId, handle.MessageId));
        try
        {
            var model = await ResolveModelAsync(handle.SessionId, cancellationToken);
            var chatClient = models.GetClient(model);
            var run = new RunContext(handle, sandboxes, _reads) { Model = model };
            var tool = new PythonTool(run, repository, blobs, _options, time);
            var messages = await BuildConversationAsync(run, question, cancellationToken);
            var chatOptions = new ChatOptions { Tools = [tool.AsFunction()] };

            var fallbackRounds = 0;
            while (true)
            {
                var toolCalled = false;
                answer.Clear();
                var updates = new List<ChatResponseUpdate>();
                using var notices = ModelCallScope.Begin(message => handle.Publish(new NoticeEvent(message)));
                await foreach (var update in chatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
                {
                    updates.Add(update);
                    foreach (var content in update.Contents)
                    {
                        switch (content)
                        {
                            case TextContent text when !string.IsNullOrEmpty(text.Text):
                                answer.Append(text.Text);
                                handle.Publish(new TextDeltaEvent(text.Text));
                                break;
                            case FunctionCallContent or FunctionResultContent:
                                // the answer is what the model says after its last tool call
                                toolCalled = true;
                                if (answer.Length > 0)
                                {
                                    handle.Publish(new TextDeltaEvent("\n\n"));
                                }
                                answer.Clear();
                                break;
                            case UsageContent u:
                                usage.Add(u.Details);
                                break;
                        }
                    }
                }
                messages.AddMessages(updates);

                if (toolCalled || !_options.ExecuteCodeBlocks || tool.Executions >= _options.MaxExecutions)
                {
                    break;
                }
                var blocks = PythonBlock().Matches(answer.ToString()).Select(m => m.Groups["code"].Value).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
                if (blocks.Count == 0 || ++fallbackRounds > _options.MaxAttempts)
                {
                    break;
                }
                var results = new StringBuilder();
                foreach (var code in blocks)
                {
                    results.Append(await tool.RunAsync(code, cancellationToken)).Append('\n');
                }
                handle.Publish(new TextDeltaEvent("\n\n"));
                messages.Add(new ChatMessage(ChatRole.User,
                    "Output of the code you wrote (it was run in the kernel):\n" + results +
                    "\nIf it failed, send corrected code in a ```python block; otherwise give the final answer without code."));
            }
            status = RunStatuses.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped by its user, or by the app stopping / the session lock lost (then it was not the user's wish)
            status = handle.InterruptReason is null ? RunStatuses.Cancelled : RunStatuses.Interrupted;
            errorMessage = handle.InterruptReason;
        }
        catch (ModelNotConfiguredException ex)
        {
            status = RunStatuses.Failed;
            errorMessage = ex.Message;
        }
        catch (ModelProviderException ex)
        {
            status = RunStatuses.Failed;
            errorMessage = ex.Message;
        }
        catch (Exception ex)
        {
            status = RunStatuses.Failed;
            errorMessage = "The run failed: " + ex.Message;
            LogRunFailed(logger, handle.RunId, ex);
        }

        assistant.Content = answer.ToString().Trim();
        assistant.Status = status;
        assistant.Error = errorMessage;
        assistant.InputTokens = usage.Input;
        assistant.OutputTokens = usage.Output;
        await repository.UpdateMessageAsync(assistant, CancellationToken.None);

        if (errorMessage is not null)
        {
            handle.Publish(new ErrorEvent(errorMessage));
        }
        else if (status == RunStatuses.Completed)
        {
            handle.Publish(new FinalEvent(assistant.Content));
        }
        handle.Publish(new DoneEvent(status, new UsageInfo(usage.Input, usage.Output)));
    }

    /// <summary>The session's model (the default when it has none); throws when it is not configured.</summary>
    private async Task<ModelChoice> ResolveModelAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var chosen = (await repository.GetSessionAsync(sessionId, cancellationToken))?.Model;
        return models.Find(chosen)
            ?? throw (string.IsNullOrWhiteSpace(chosen) ? new ModelNotConfiguredException() : ModelNotConfiguredException.Unknown(chosen, models.Models));
    }

    private async Task<List<ChatMessage>> BuildConversationAsync(RunContext run, string question, CancellationToken cancellationToken)
    {
        var sessionId = run.Handle.SessionId;
        var history = (await repository.ListMessagesAsync(sessionId, cancellationToken))
            .Where(m => m.Id != run.Handle.MessageId)
            .ToList();
        // the question itself was persisted just before the run started
        if (history.Count > 0 && history[^1].Role == MessageRoles.User && history[^1].Content == question)
        {
            history.RemoveAt(history.Count - 1);
        }

        var kernel = await run.GetKernelAsync(cancellationToken);
        var files = await workspaceFiles.RestoreWorkspaceAsync(sessionId, cancellationToken);
        run.Files = files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        IKernel? previous = null;
        _kernelBySession.GetValueOrDefault(sessionId)?.TryGetTarget(out previous);
        var kernelRestarted = !ReferenceEquals(previous, kernel) && history.Any(m => m.Steps.Count > 0);
        _kernelBySession[sessionId] = new WeakReference<IKernel>(kernel);
        if (kernelRestarted)
        {
            run.Handle.Publish(new KernelRestartedEvent("The Python kernel was restarted since the last question: variables from earlier answers are gone (files stay)."));
        }

        var description = await DescribeWorkspaceAsync(kernel, sessionId, files, cancellationToken);
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt.Build(description, kernelRestarted)) };
        foreach (var message in history.TakeLast(_options.MaxHistoryMessages))
        {
            if (message.Role == MessageRoles.User)
            {
                messages.Add(new ChatMessage(ChatRole.User, message.Content));
            }
            else if (message.Content.Length > 0 || message.Steps.Count > 0)
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, SummarizeEarlierAnswer(message)));
            }
        }
        messages.Add(new ChatMessage(ChatRole.User, question));
        return messages;
    }

    private static string SummarizeEarlierAnswer(ConversationMessage message)
    {
        var builder = new StringBuilder();
        var succeeded = message.Steps.Where(s => s.Succeeded).ToList();
        if (succeeded.Count > 0)
        {
            builder.Append("(Code I ran for this answer; its variables are still in the kernel)\n```python\n");
            foreach (var step in succeeded)
            {
                builder.Append(step.Code.Length > 1500 ? step.Code[..1500] + "\n# …" : step.Code).Append('\n');
            }
            builder.Append("```\n");
        }
        builder.Append(message.Content.Length > 0 ? message.Content : "(no answer: " + (message.Status ?? "unknown") + ")");
        return builder.ToString();
    }

    /// <summary>
    /// The workspace for the system prompt: the digest of each file's profile (waiting up to
    /// <see cref="AgentOptions.ProfileWaitSeconds"/> for profiles still being made); files without a usable profile
    /// are described by a pandas look in the sandbox instead.
    /// </summary>
    private async Task<string> DescribeWorkspaceAsync(IKernel kernel, Guid sessionId, IReadOnlyList<WorkspaceFile> files, CancellationToken cancellationToken)
    {
        var key = sessionId.ToString("N") + ":" + string.Join(",", files.Select(f => f.Name + "@" + f.Sha256));
        if (_profiles.TryGetValue(key, out var cached))
        {
            return cached;
        }
        // derived files (a Parquet file's CSV copy) are read through their source, e.g. pd.read_parquet
        var tables = files.Where(f => f.DerivedFrom is null).ToList();
        if (tables.Count == 0)
        {
            return await WorkspaceProfiler.DescribeAsync(kernel, [], _options.SampleRows, _options.MaxWorkspaceContextChars, cancellationToken);
        }
        var ready = await WaitForProfilesAsync(sessionId, tables, cancellationToken);
        var budget = _options.WorkspaceContextTokens * Profiling.ProfileDigest.CharsPerToken;
        var description = Profiling.ProfileDigest.Build([.. tables.Where(f => ready.ContainsKey(f.Name)).Select(f => (f, ready[f.Name]))], budget);
        var rest = tables.Where(f => !ready.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (rest.Count > 0)
        {
            description += await WorkspaceProfiler.DescribeAsync(kernel, rest, _options.SampleRows, Math.Max(500, _options.MaxWorkspaceContextChars - description.Length), cancellationToken);
        }
        else
        {
            if (_profiles.Count >= MaxCachedProfiles)
            {
                _profiles.Clear();
            }
            _profiles[key] = description;
        }
        return description;
    }

    /// <summary>The profiles that are ready or failed (a failed one says why), by file name.</summary>
    private async Task<Dictionary<string, Profiling.FileProfile>> WaitForProfilesAsync(Guid sessionId, IReadOnlyList<WorkspaceFile> files, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, Profiling.FileProfile>(StringComparer.Ordinal);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(_options.ProfileWaitSeconds);
        while (true)
        {
            foreach (var file in files.Where(f => !done.ContainsKey(f.Name)))
            {
                if (await profiles.GetAsync(sessionId, file.Name, file.Version, cancellationToken) is { Status: not Profiling.ProfileStatuses.Pending } profile)
                {
                    done[file.Name] = profile;
                }
            }
            if (done.Count == files.Count || time.GetUtcNow() >= deadline)
            {
                return done;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private static partial void LogRunFailed(ILogger logger, Guid runId, Exception exception);

    private sealed class UsageTotals
    {
        public long Input { get; private set; }
        public long Output { get; private set; }

        public void Add(UsageDetails details)
        {
            Input += details.InputTokenCount ?? 0;
            Output += details.OutputTokenCount ?? 0;
        }
    }
}
