namespace CodingAgent.Core.Ports;

/// <summary>A file derived from an upload, stored beside it (e.g. a CSV copy of a Parquet file).</summary>
public sealed record DerivedFile(string Name, byte[] Content);

/// <summary>
/// Makes uploads the sandbox cannot read itself readable there: Debian's Python has no Parquet reader, so Parquet
/// files get a CSV copy and a schema that the kernel's <c>pd.read_parquet</c> uses.
/// </summary>
public interface IWorkspaceFileConverter
{
    bool Handles(string fileName);

    /// <summary>Throws <see cref="InvalidDataException"/> for a file it cannot convert.</summary>
    Task<IReadOnlyList<DerivedFile>> ConvertAsync(string fileName, Stream content, CancellationToken cancellationToken);
}
