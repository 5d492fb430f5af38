using CodingAgent.Core.Agent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Embedded;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Profiling;
using CodingAgent.Core.Runs;
using CodingAgent.Tests.Runs;
using CodingAgent.Web.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CodingAgent.Tests.Agent;

/// <summary>
/// The real <see cref="AgentRunner"/> (with the function-invocation layer of the app's pipeline) over fakes of the model,
/// the kernel and the store: the agent's logic in milliseconds, without a sandbox, a database or HTTP.
/// </summary>
internal sealed class AgentHarness : IDisposable
{
    private readonly string _blobs = Directory.CreateTempSubdirectory("agent-blobs-").FullName;
    private readonly InMemoryRunStore _events = new();
    private readonly InProcessClusterBus _bus = new();
    private readonly AgentRunner _runner;

    public AgentHarness(ScriptedChatClient model, AgentOptions? options = null, FakeKernel? kernel = null, ModelChoice? choice = null)
    {
        Model = model;
        Sandbox = new FakeSandboxPool(kernel ?? new FakeKernel());
        var agentOptions = MsOptions.Create(options ?? new AgentOptions());
        var blobs = new FileSystemBlobStore(_blobs);
        var files = new WorkspaceFileService(Repository, blobs, Unused.Of<IWorkspaceFiles>(), [], MsOptions.Create(new CodingAgent.Core.Files.FileOptions()),
            new ProfilingQueue(Unused.Of<IFileProfileStore>(), Time), Time, NullLogger<WorkspaceFileService>.Instance);
        var conversation = new ConversationBuilder(Repository, files, Unused.Of<IFileProfiles>(), agentOptions, Time);
        // as in the app's pipeline: tool calls are made by the function-invocation layer
        var client = new ChatClientBuilder(model).UseFunctionInvocation(configure: ToolInvocation.Configure)
            .Use(inner => new ContextBudgetChatClient(inner, agentOptions)).Build();
        _runner = new AgentRunner(new SingleModelCatalog(client, choice ?? new ModelChoice("test/scripted", "test", "scripted", "Scripted", ToolCallingModes.Native)), conversation, new TokenBudgets(Repository, agentOptions, Time), new KernelTracker(Sandbox), Repository, blobs, agentOptions, Time, NullLogger<AgentRunner>.Instance);
    }

    public ScriptedChatClient Model { get; }

    public FakeSandboxPool Sandbox { get; }

    public AgentTestRepository Repository { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public Guid SessionId { get; } = Guid.NewGuid();

    /// <summary>Asks a question as <see cref="RunManager"/> does (question and answer stored first) and returns the run's events and answer.</summary>
    public async Task<AgentRun> AskAsync(string question, CancellationToken cancellationToken = default)
    {
        var runId = Guid.NewGuid();
        await Repository.AddMessageAsync(new ConversationMessage { Id = Guid.NewGuid(), SessionId = SessionId, Role = MessageRoles.User, Content = question, CreatedAt = Time.GetUtcNow() }, CancellationToken.None);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var assistant = new ConversationMessage { Id = Guid.NewGuid(), SessionId = SessionId, Role = MessageRoles.Assistant, RunId = runId, Status = RunStatuses.Running, CreatedAt = Time.GetUtcNow() };
        await Repository.AddMessageAsync(assistant, CancellationToken.None);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handle = new RunHandle(runId, SessionId, assistant.Id, cancellation, _events, _bus, Time, NullLogger.Instance);
        await _runner.RunAsync(handle, assistant, question, cancellation.Token);
        await handle.Finished;
        var events = (await _events.ReadAsync(runId, 0, CancellationToken.None)).Select(e => AgentEventJson.Deserialize(e.Name, e.Data)!).ToList();
        return new AgentRun(events, assistant);
    }

    public void Dispose() => Directory.Delete(_blobs, recursive: true);
}
