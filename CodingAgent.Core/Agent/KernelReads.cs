using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The file versions a kernel has read since it started: variables made from a file in one question feed the charts
/// of the next, so an artifact names every version its kernel had read, not only those of its own step.
/// </summary>
internal sealed class KernelReads
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileVersionRef> _read = new(StringComparer.Ordinal);

    /// <summary>Notes the files an execution opened, at the versions the workspace held for the run.</summary>
    public void Record(IEnumerable<string> names, IReadOnlyDictionary<string, WorkspaceFile> current)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                if (current.TryGetValue(name, out var file))
                {
                    _read[name] = new FileVersionRef(file.Name, file.Version, file.Sha256);
                }
            }
        }
    }

    /// <summary>The JSON for <see cref="Artifact.InputFiles"/>.</summary>
    public string Serialize()
    {
        lock (_gate)
        {
            return FileVersionRefs.Serialize(_read.Values);
        }
    }
}
