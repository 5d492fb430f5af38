using CodingAgent.Core.Artifacts;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Api;

namespace CodingAgent.Web.Export;

/// <summary>
/// Reads artifact contents for an export, bounded: charts sanitised (<see cref="PlotlyFigureSanitizer"/>) up to
/// <see cref="MaxChartBytes"/>, the first <see cref="MaxTableRows"/> rows of tables, PNG images up to
/// <see cref="MaxImageBytes"/>. Null when the content is gone, too large or not what its kind says.
/// </summary>
public sealed class ExportArtifacts(IBlobStore blobs, Tables.ITablePages tables)
{
    public const int MaxTableRows = 100;
    public const long MaxChartBytes = 32L * 1024 * 1024;
    public const long MaxImageBytes = 16L * 1024 * 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public async Task<byte[]?> ChartAsync(Artifact artifact, CancellationToken cancellationToken) =>
        await ReadAsync(artifact, MaxChartBytes, cancellationToken) is { } json ? PlotlyFigureSanitizer.Sanitize(json) : null;

    public Task<TablePage?> TableAsync(Artifact artifact, CancellationToken cancellationToken) =>
        tables.GetPageAsync(artifact.Id, new Tables.TableQuery(0, MaxTableRows), cancellationToken);

    public async Task<byte[]?> ImageAsync(Artifact artifact, CancellationToken cancellationToken) =>
        await ReadAsync(artifact, MaxImageBytes, cancellationToken) is { } png && png.AsSpan().StartsWith(PngSignature) ? png : null;

    private async Task<byte[]?> ReadAsync(Artifact artifact, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), cancellationToken);
        if (stream is null || stream.Length > limit)
        {
            return null;
        }
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}
