using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Agent;

/// <summary>
/// What the model needs besides a traceback to fix its code: after a missing column or attribute, the real columns of
/// the kernel's DataFrames; after an unknown name, the kernel's variables.
/// </summary>
internal static class ErrorContext
{
    private const int MaxChars = 2_000;

    // runs in the kernel's own namespace, leaves nothing behind, prints "name: [columns]" per DataFrame
    private const string ColumnsCode = """
        def __codingagent_columns():
            import pandas as _pd
            _lines = []
            for _n, _v in list(globals().items()):
                if not _n.startswith('_') and isinstance(_v, _pd.DataFrame):
                    _lines.append(f"{_n} {_v.shape}: {[str(_c) for _c in _v.columns[:80]]}")
            print("\n".join(_lines[:20]))
        __codingagent_columns()
        del __codingagent_columns
        """;

    public static async Task<string?> DescribeAsync(IKernel kernel, ExecutionError error, CancellationToken cancellationToken)
    {
        try
        {
            switch (error.Type)
            {
                case "KeyError" or "AttributeError" when kernel.IsAlive:
                    var result = await kernel.ExecuteAsync(ColumnsCode, null, cancellationToken);
                    return result.Succeeded && result.Stdout.Trim() is { Length: > 0 } columns
                        ? "the DataFrames in the kernel and their real columns:\n" + Bounded(columns)
                        : null;
                case "NameError" when kernel.IsAlive:
                    var variables = await kernel.InspectAsync(cancellationToken);
                    return variables.Items.Count == 0
                        ? "the kernel has no variables: load the data first."
                        : "the kernel's variables: " + Bounded(string.Join(", ", variables.Items.Select(v => $"{v.Name} ({v.Type}{Shape(v)})")));
                default:
                    return null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // the context is a help, never a reason to fail the step's result
            return null;
        }
    }

    internal static string Shape(KernelVariable variable) =>
        variable.Shape.Count == 0 ? "" : ", shape " + string.Join("×", variable.Shape);

    private static string Bounded(string text) => text.Length > MaxChars ? text[..MaxChars] + " …" : text;
}
