using CodingAgent.Core.Agent;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Health;
using CodingAgent.Web.Llm;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Evaluation;

/// <summary>What must hold before the first question runs: a model is configured and every dependency (sandbox, database, storage, Redis) is ready.</summary>
public static class EvaluationPreflight
{
    /// <summary>Why questions cannot run; empty when they can.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var configured = services.GetService<IModelCatalog>() is { } catalog
            ? catalog.Models.Count > 0
            : services.GetRequiredService<IOptions<LlmOptions>>().Value.IsConfigured;
        if (!configured)
        {
            problems.Add(ModelNotConfiguredException.HelpText);
        }
        foreach (var (name, status) in await Readiness.CheckAllAsync(services.GetServices<IDependencyCheck>(), cancellationToken))
        {
            if (status.Status != "ready")
            {
                problems.Add($"The {name} is unavailable: {status.Problem}");
            }
        }
        return problems;
    }

    /// <summary>Files larger than the app takes (<c>Files:MaxUploadMb</c>), one message each naming its line.</summary>
    public static IReadOnlyList<string> TooLarge(IReadOnlyList<EvaluationQuestion> questions, WorkspaceFileService files, string questionsPath) =>
        [.. questions.SelectMany(q => q.Files.Where(f => new FileInfo(f).Length > files.MaxUploadBytes).Select(f =>
            $"{questionsPath}, line {q.Line}: the file \"{f}\" is larger than Files:MaxUploadMb ({files.MaxUploadBytes / (1024 * 1024)} MB)."))];
}
