using System.Globalization;

namespace CodingAgent.Sandbox.Process;

/// <summary>The only environment a kernel gets: no host variable is passed through.</summary>
internal static class KernelEnvironment
{
    public static IEnumerable<(string Name, string Value)> Variables(SandboxOptions options)
    {
        yield return ("PATH", "/usr/local/bin:/usr/bin:/bin");
        yield return ("HOME", "/tmp");
        yield return ("LANG", "C.UTF-8");
        yield return ("MPLBACKEND", "Agg");
        yield return ("MPLCONFIGDIR", "/tmp/matplotlib");
        yield return ("PYTHONDONTWRITEBYTECODE", "1");
        yield return ("PYTHONUNBUFFERED", "1");
        yield return ("OPENBLAS_NUM_THREADS", "1");
        yield return ("OMP_NUM_THREADS", "1");
        yield return ("CA_LIMIT_AS_BYTES", ((long)options.MemoryLimitMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        yield return ("CA_LIMIT_CPU_SECONDS", options.CpuLimitSeconds.ToString(CultureInfo.InvariantCulture));
        yield return ("CA_LIMIT_NOFILE", options.MaxOpenFiles.ToString(CultureInfo.InvariantCulture));
        yield return ("CA_LIMIT_NPROC", options.MaxProcesses.ToString(CultureInfo.InvariantCulture));
        yield return ("CA_LIMIT_FSIZE_BYTES", ((long)options.MaxFileSizeMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        yield return ("CA_TABLE_MAX_ROWS", options.TableMaxRows.ToString(CultureInfo.InvariantCulture));
        // the whole table of a larger DataFrame rides along with its preview: at most half of an execution's output budget
        yield return ("CA_TABLE_ROWS_MAX_BYTES", ((long)options.MaxArtifactMbPerExecution * 1024 * 1024 / 2).ToString(CultureInfo.InvariantCulture));
        // CPU-specific OpenBLAS workarounds of the host are not secrets and keep numpy from crashing
        foreach (var name in new[] { "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                yield return (name, value);
            }
        }
    }
}
