using System.Text;
using CodingAgent.Core.Artifacts;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The <c>run_python</c> tool of one run: executes code in the session's kernel, publishes each step's
/// events, persists steps and artifacts, and returns what happened to the model as text. It never throws
/// for a failure of the code or the sandbox: the model gets the failure as its result and may try again.
/// </summary>
internal sealed class PythonTool(RunContext run, ISessionRepository repository, IBlobStore blobs, AgentOptions options, TimeProvider time)
{
    public const string Name = "run_python";

    private int _failures;

    public int Executions { get; private set; }

    public AIFunction AsFunction() => AIFunctionFactory.Create(
        (string code, CancellationToken cancellationToken) => RunAsync(code, cancellationToken),
        Name,
        "Runs Python code in the session's stateful kernel (pandas, numpy, plotly, matplotlib, scipy). " +
        "Returns stdout, stderr, the value of the last expression, errors with traceback, and the artifacts shown to the user.");

    public async Task<string> RunAsync(string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "Error: the `code` argument was empty. Send the Python code to run.";
        }
        if (_failures >= options.MaxAttempts)
        {
            return $"Not executed: {_failures} executions failed in this turn, which is the limit. Do not call {Name} again; explain to the user what went wrong.";
        }
        if (Executions >= options.MaxExecutions)
        {
            return $"Not executed: the limit of {options.MaxExecutions} executions per question was reached. Answer with what you have.";
        }
        Executions++;
        var step = new ExecutionStep
        {
            Id = Guid.NewGuid(),
            MessageId = run.Handle.MessageId,
            Index = Executions,
            Code = code,
            CreatedAt = time.GetUtcNow(),
        };
        run.Handle.Publish(new CodeEvent(step.Id, code));

        ExecutionResult result;
        var stateLost = false;
        KernelReads? reads = null;
        try
        {
            var replacedBefore = run.KernelReplaced;
            var kernel = await run.GetKernelAsync(cancellationToken);
            stateLost = run.KernelReplaced && !replacedBefore;
            result = await kernel.ExecuteAsync(code, chunk => run.Handle.Publish(chunk.Stream == "stderr"
                ? new StderrEvent(step.Id, chunk.Text)
                : new StdoutEvent(step.Id, chunk.Text)), cancellationToken);
            reads = run.ReadsOf(kernel);
            reads.Record(result.FilesRead, run.Files);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            result = new ExecutionResult(false, "", "", null, new ExecutionError("SandboxError", ex.Message, ""), [], false, true, TimeSpan.Zero);
        }

        step.Stdout = result.Stdout;
        step.Stderr = result.Stderr;
        step.ResultText = result.ResultText;
        step.Succeeded = result.Succeeded;
        step.DurationMs = result.Duration.TotalMilliseconds;
        // what the kernel reports is written by hostile code: kept within the store's column sizes
        step.ErrorType = Bounded(result.Error?.Type, 200);
        step.ErrorMessage = result.Error?.Message;
        step.Traceback = result.Error?.Traceback;
        await repository.AddStepAsync(step, CancellationToken.None);

        var artifacts = new List<Artifact>();
        foreach (var produced in result.Artifacts)
        {
            // a figure from model code is hostile: it is stored without links and without sources elsewhere
            var bytes = produced.Kind == ArtifactKinds.Chart ? PlotlyFigureSanitizer.Sanitize(produced.Content) : produced.Content;
            var artifact = new Artifact
            {
                Id = Guid.NewGuid(),
                SessionId = run.Handle.SessionId,
                RunId = run.Handle.RunId,
                StepId = step.Id,
                Kind = produced.Kind,
                Name = Bounded(produced.Name, 200)!,
                MediaType = Bounded(produced.MediaType, 200)!,
                Size = bytes.LongLength,
                CreatedAt = time.GetUtcNow(),
                InputFiles = reads?.Serialize(),
            };
            using (var content = new MemoryStream(bytes, writable: false))
            {
                await blobs.PutAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), content, CancellationToken.None);
            }
            if (produced.Rows is { } rows)
            {
                using var content = new MemoryStream(rows, writable: false);
                await blobs.PutAsync(BlobKeys.ArtifactRows(artifact.SessionId, artifact.Id), content, CancellationToken.None);
            }
            await repository.AddArtifactAsync(artifact, CancellationToken.None);
            artifacts.Add(artifact);
            run.Handle.Publish(new ArtifactEvent(artifact.Id, artifact.Kind, artifact.Name, artifact.MediaType, step.Id));
        }

        if (result.KernelRestarted)
        {
            run.Handle.Publish(new KernelRestartedEvent("The Python kernel was restarted during this step: variables from earlier steps are gone (files stay)."));
        }
        if (result.Error is { } error)
        {
            _failures++;
            run.Handle.Publish(new StepErrorEvent(step.Id, error.Type, error.Message, error.Traceback));
        }
        run.Handle.Publish(new StepEndEvent(step.Id, result.Succeeded, step.DurationMs, result.ResultText));
        return Describe(result, artifacts, stateLost);
    }

    private static string? Bounded(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    private string Describe(ExecutionResult result, List<Artifact> artifacts, bool stateLost)
    {
        var budget = options.MaxToolOutputChars;
        var builder = new StringBuilder();
        builder.Append("status: ").Append(result.Succeeded ? "ok" : "error").Append('\n');
        if (stateLost)
        {
            builder.Append("note: this ran in a new kernel because the previous one stopped; variables from earlier executions are lost.\n");
        }
        if (result.KernelRestarted)
        {
            builder.Append("note: the kernel stopped during this execution (killed or crashed); its variables are lost and the next execution starts a fresh kernel.\n");
        }
        AppendSection(builder, "stdout", result.Stdout, budget / 2);
        AppendSection(builder, "stderr", result.Stderr, budget / 4);
        AppendSection(builder, "result", result.ResultText, budget / 4);
        if (result.Error is { } error)
        {
            builder.Append("error: ").Append(error.Type).Append(": ").Append(error.Message).Append('\n');
            AppendSection(builder, "traceback", error.Traceback, budget / 4);
            var left = options.MaxAttempts - _failures;
            builder.Append(left > 0
                ? $"Fix the code and run it again ({left} failed attempts left).\n"
                : "No attempts are left: explain to the user what went wrong.\n");
        }
        if (result.OutputTruncated)
        {
            builder.Append("note: the output exceeded the sandbox's output limit and was truncated.\n");
        }
        foreach (var artifact in artifacts)
        {
            builder.Append("shown to the user: ").Append(artifact.Kind).Append(" `").Append(artifact.Name).Append("`\n");
        }
        return builder.ToString();
    }

    private static void AppendSection(StringBuilder builder, string name, string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        builder.Append(name).Append(":\n");
        if (text.Length > max)
        {
            var head = max * 2 / 3;
            builder.Append(text.AsSpan(0, head)).Append("\n…[").Append(text.Length - max).Append(" characters omitted]…\n").Append(text.AsSpan(text.Length - (max - head)));
        }
        else
        {
            builder.Append(text);
        }
        builder.Append('\n');
    }
}
