using System.Collections.Concurrent;
using System.Text;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Profiling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The messages of a run's first model request: the system prompt with the workspace (each file's profile digest, or a
/// pandas look for files without a profile) and the kernel's live variables, the session's earlier turns, the question.
/// </summary>
public sealed class ConversationBuilder(
    ISessionRepository repository,
    WorkspaceFileService workspaceFiles,
    IFileProfiles profiles,
    IOptions<AgentOptions> options,
    TimeProvider time)
{
    private const int MaxCachedProfiles = 1000;
    private readonly ConcurrentDictionary<string, string> _descriptions = new();
    private readonly AgentOptions _options = options.Value;

    internal async Task<List<ChatMessage>> BuildAsync(RunContext run, string questionText, CancellationToken cancellationToken)
    {
        var sessionId = run.Handle.SessionId;
        var history = (await repository.ListMessagesAsync(sessionId, cancellationToken))
            .Where(m => m.Id != run.Handle.MessageId)
            .ToList();
        // the question itself was persisted just before the run started
        if (history.Count > 0 && history[^1].Role == MessageRoles.User && history[^1].Content == questionText)
        {
            history.RemoveAt(history.Count - 1);
        }

        var kernel = await run.GetKernelAsync(sessionHadState: history.Any(m => m.Steps.Count > 0), cancellationToken);
        var kernelRestarted = run.KernelLostUntold;
        run.KernelLossTold();
        var files = await workspaceFiles.RestoreWorkspaceAsync(sessionId, cancellationToken);
        run.Files = files.ToDictionary(f => f.Name, StringComparer.Ordinal);

        var description = await DescribeWorkspaceAsync(kernel, sessionId, files, cancellationToken);
        var variables = kernelRestarted ? "" : await DescribeVariablesAsync(kernel, cancellationToken);
        var prompt = SystemPrompt.Build(description, variables, kernelRestarted, run.FencedCode);
        var earlier = history.Where(m => m.Role == MessageRoles.User || m.Content.Length > 0 || m.Steps.Count > 0).ToList();
        var turns = earlier.Select(m => m.Role == MessageRoles.User
            ? new ChatMessage(ChatRole.User, m.Content)
            : new ChatMessage(ChatRole.Assistant, SummarizeEarlierAnswer(m))).ToList();
        var question = new ChatMessage(ChatRole.User, questionText);

        // the newest turns that fit the history's share of the request budget; older ones are summarized
        var budget = _options.MaxContextTokens * ContextSize.CharsPerToken;
        var room = budget * 3 / 5 - prompt.Length - ContextSize.Chars(question);
        var first = turns.Count;
        while (first > 0 && turns.Count - first < _options.MaxHistoryMessages && ContextSize.Chars(turns[first - 1]) <= room)
        {
            room -= ContextSize.Chars(turns[--first]);
        }
        if (first > 0)
        {
            prompt += EarlierTurns.Summarize(earlier.Take(first).ToList(), budget / 10);
            run.Handle.Publish(new Runs.NoticeEvent($"{first} earlier message{(first == 1 ? " was" : "s were")} summarized to fit the model's context."));
        }
        var messages = new List<ChatMessage> { new(ChatRole.System, prompt) };
        messages.AddRange(turns.Skip(first));
        messages.Add(question);
        return messages;
    }

    internal static string SummarizeEarlierAnswer(ConversationMessage message)
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

    /// <summary>The kernel's variables (names, types, shapes), for follow-up questions; nothing when it has none or cannot say.</summary>
    private async Task<string> DescribeVariablesAsync(IKernel kernel, CancellationToken cancellationToken)
    {
        KernelVariables variables;
        try
        {
            variables = await kernel.InspectAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return "";
        }
        var listed = variables.Items.Take(_options.MaxListedVariables)
            .Select(v => $"- {v.Name}: {v.Type}{ErrorContext.Shape(v)}")
            .ToList();
        if (listed.Count < variables.Items.Count || variables.Truncated)
        {
            listed.Add("- (more variables not listed)");
        }
        return string.Join('\n', listed);
    }

    /// <summary>
    /// The workspace for the system prompt: the digest of each file's profile (waiting up to
    /// <see cref="AgentOptions.ProfileWaitSeconds"/> for profiles still being made); files without a usable profile
    /// are described by a pandas look in the sandbox instead.
    /// </summary>
    private async Task<string> DescribeWorkspaceAsync(IKernel kernel, Guid sessionId, IReadOnlyList<WorkspaceFile> files, CancellationToken cancellationToken)
    {
        var key = sessionId.ToString("N") + ":" + string.Join(",", files.Select(f => f.Name + "@" + f.Sha256));
        if (_descriptions.TryGetValue(key, out var cached))
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
        var budget = _options.WorkspaceContextTokens * ProfileDigest.CharsPerToken;
        var description = ProfileDigest.Build([.. tables.Where(f => ready.ContainsKey(f.Name)).Select(f => (f, ready[f.Name]))], budget);
        var rest = tables.Where(f => !ready.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (rest.Count > 0)
        {
            description += await WorkspaceProfiler.DescribeAsync(kernel, rest, _options.SampleRows, Math.Max(500, _options.MaxWorkspaceContextChars - description.Length), cancellationToken);
        }
        else
        {
            if (_descriptions.Count >= MaxCachedProfiles)
            {
                _descriptions.Clear();
            }
            _descriptions[key] = description;
        }
        return description;
    }

    /// <summary>The profiles that are ready or failed (a failed one says why), by file name.</summary>
    private async Task<Dictionary<string, FileProfile>> WaitForProfilesAsync(Guid sessionId, IReadOnlyList<WorkspaceFile> files, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, FileProfile>(StringComparer.Ordinal);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(_options.ProfileWaitSeconds);
        while (true)
        {
            foreach (var file in files.Where(f => !done.ContainsKey(f.Name)))
            {
                if (await profiles.GetAsync(sessionId, file.Name, file.Version, cancellationToken) is { Status: not ProfileStatuses.Pending } profile)
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
}
