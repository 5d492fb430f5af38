using System.Text.Json;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Core.Files;

/// <summary>
/// Previews a session's file: the current version is put into the workspace if it is not there, and a fixed script
/// (<see cref="FilePreviewScript"/>) reads its first rows with pandas inside the session's own sandbox, so a hostile
/// file is only ever parsed there and no model is needed. What comes back is bounded and treated as data.
/// </summary>
public sealed class FilePreviewService(ISessionRepository repository, WorkspaceFileService files, ISandboxPool sandboxes)
{
    public const int MaxRows = 20;
    public const int MaxColumns = 50;
    public const int MaxCellChars = 200;

    /// <summary>How long a preview waits for a kernel busy with a step of a question before it gives up.</summary>
    public static readonly TimeSpan KernelWait = TimeSpan.FromSeconds(30);

    /// <summary>The preview of the current version of <paramref name="name"/>, or null when the session has no such file.</summary>
    /// <exception cref="FilePreviewException">pandas cannot read the file as a table, or the kernel stayed busy.</exception>
    /// <exception cref="SessionNotFoundException">There is no such session.</exception>
    public async Task<FilePreview?> PreviewAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        var fileName = WorkspaceFileService.ValidateName(name);
        _ = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        if (await repository.GetFileAsync(sessionId, fileName, null, cancellationToken) is not { } file)
        {
            return null;
        }
        await files.RestoreWorkspaceAsync(sessionId, cancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(KernelWait);
        ExecutionResult result;
        try
        {
            var kernel = await sandboxes.GetKernelAsync(sessionId, wait.Token);
            result = await kernel.ExecuteAsync(FilePreviewScript.Build(fileName, MaxRows, MaxColumns, MaxCellChars), null, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Busy();
        }
        if (wait.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Busy();
        }
        var line = result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(FilePreviewScript.Marker, StringComparison.Ordinal))
            ?? throw new FilePreviewException($"'{fileName}' could not be previewed: {Describe(result)}");
        return Parse(file.Name, file.Version, line[FilePreviewScript.Marker.Length..]);
    }

    private static FilePreviewException Busy() =>
        new("The session's Python kernel is busy with a step of a question; try the preview again when it is done.", busy: true);

    private static string Describe(ExecutionResult result) =>
        result.Error is { } error ? $"{error.Type}: {error.Message}" : "the sandbox gave no answer.";

    private static FilePreview Parse(string name, int version, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new FilePreviewException($"pandas could not read '{name}' as a table: {error.GetString()}");
        }
        var columns = root.GetProperty("columns").EnumerateArray()
            .Take(MaxColumns)
            .Select(c => new FilePreviewColumn(Cut(c.GetProperty("name").GetString()), Cut(c.GetProperty("dtype").GetString())))
            .ToList();
        // code in the kernel could forge the line: the bounds are applied again here
        var rows = root.GetProperty("rows").EnumerateArray()
            .Take(MaxRows)
            .Select(r => (IReadOnlyList<JsonElement>)[.. r.EnumerateArray().Take(columns.Count).Select(Cell)])
            .ToList();
        return new FilePreview(name, version, columns, rows,
            root.TryGetProperty("rowCount", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt64() : null,
            root.TryGetProperty("columnCount", out var columnCount) && columnCount.ValueKind == JsonValueKind.Number ? columnCount.GetInt32() : columns.Count,
            root.TryGetProperty("sheet", out var sheet) && sheet.ValueKind == JsonValueKind.String ? Cut(sheet.GetString()) : null);
    }

    private static JsonElement Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.SerializeToElement(Cut(value.GetString())),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => value.Clone(),
        _ => JsonSerializer.SerializeToElement(Cut(value.GetRawText())),
    };

    private static string Cut(string? text) =>
        text is null ? "" : text.Length <= MaxCellChars ? text : text[..(MaxCellChars - 1)] + "…";
}
