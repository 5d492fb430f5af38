using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Export;

/// <summary>
/// A session as a Jupyter notebook (nbformat 4.5, cell ids): a Markdown cell per question and per answer, a code cell
/// per executed step with its outputs as Jupyter stores them: stdout/stderr as <c>stream</c>, the last expression as
/// <c>execute_result</c> (a DataFrame's table as <c>text/html</c> built by <see cref="ExportTable"/>), charts as
/// <c>display_data</c> <c>application/vnd.plotly.v1+json</c> (the sanitised figure) with a <c>text/plain</c> fallback,
/// images as <c>image/png</c>, errors as <c>error</c> (ename, evalue, traceback lines).
/// </summary>
public sealed class NotebookWriter(ExportArtifacts artifacts)
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";
    public const string ChartResultText = "<plotly figure: chart artifact emitted>";

    private static readonly JsonWriterOptions _options = new()
    {
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task WriteAsync(SessionExport export, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, _options);
        json.WriteStartObject();
        json.WriteNumber("nbformat", 4);
        json.WriteNumber("nbformat_minor", 5);
        WriteMetadata(json, export);
        json.WriteStartArray("cells");
        var executionCount = 0;
        foreach (var message in export.Messages)
        {
            if (message.Role == MessageRoles.User)
            {
                WriteMarkdownCell(json, "q-" + message.Id.ToString("N"), NotebookMarkdown.Quote(message.Content));
                continue;
            }
            foreach (var step in message.Steps)
            {
                await WriteCodeCellAsync(json, step, ++executionCount, export.ArtifactsByStep[step.Id], cancellationToken);
                await json.FlushAsync(cancellationToken);
            }
            if (Answer(message) is { Length: > 0 } answer)
            {
                WriteMarkdownCell(json, "a-" + message.Id.ToString("N"), answer);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>The answer's Markdown (its HTML escaped), and the run's status and error when it did not complete.</summary>
    private static string Answer(ConversationMessage message)
    {
        var answer = NotebookMarkdown.EscapeHtml(message.Content.Trim());
        if (message.Status is { } status && status != RunStatuses.Completed)
        {
            var note = "*Run " + status + (message.Error is { Length: > 0 } error ? ": " + error.ReplaceLineEndings(" ") : "") + "*";
            answer = (answer.Length > 0 ? answer + "\n\n" : "") + NotebookMarkdown.EscapeHtml(note);
        }
        return answer;
    }

    private static void WriteMetadata(Utf8JsonWriter json, SessionExport export)
    {
        json.WriteStartObject("metadata");
        json.WriteStartObject("kernelspec");
        json.WriteString("name", "python3");
        json.WriteString("display_name", "Python 3 (ipykernel)");
        json.WriteString("language", "python");
        json.WriteEndObject();
        json.WriteStartObject("language_info");
        json.WriteString("name", "python");
        json.WriteString("file_extension", ".py");
        json.WriteString("mimetype", "text/x-python");
        json.WriteEndObject();
        json.WriteString("title", export.Title);
        json.WriteStartObject("codingagent");
        json.WriteString("sessionId", export.Session.Id);
        json.WriteString("createdAt", export.Session.CreatedAt);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMarkdownCell(Utf8JsonWriter json, string id, string source)
    {
        json.WriteStartObject();
        json.WriteString("cell_type", "markdown");
        json.WriteString("id", id);
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteString("source", source);
        json.WriteEndObject();
    }

    private async Task WriteCodeCellAsync(Utf8JsonWriter json, ExecutionStep step, int executionCount, IEnumerable<Artifact> stepArtifacts, CancellationToken cancellationToken)
    {
        json.WriteStartObject();
        json.WriteString("cell_type", "code");
        json.WriteString("id", step.Id.ToString("N"));
        json.WriteStartObject("metadata");
        json.WriteNumber("durationMs", Math.Round(step.DurationMs, 1));
        json.WriteEndObject();
        json.WriteNumber("execution_count", executionCount);
        json.WriteString("source", step.Code);
        json.WriteStartArray("outputs");
        WriteStream(json, "stdout", step.Stdout);
        WriteStream(json, "stderr", step.Stderr);

        var list = stepArtifacts.ToList();
        // a DataFrame or Series as the cell's value made the step's table: it joins the execute_result, as in Jupyter
        var resultTable = step.ResultText is not null ? list.LastOrDefault(a => a.Kind == ArtifactKinds.Table) : null;
        foreach (var artifact in list.Where(a => a != resultTable))
        {
            await WriteDisplayDataAsync(json, artifact, cancellationToken);
        }
        if (step.ResultText is { } result && result != ChartResultText)
        {
            json.WriteStartObject();
            json.WriteString("output_type", "execute_result");
            json.WriteNumber("execution_count", executionCount);
            json.WriteStartObject("data");
            json.WriteString("text/plain", result);
            if (resultTable is not null && await artifacts.TableAsync(resultTable, cancellationToken) is { } table)
            {
                json.WriteString("text/html", ExportTable.Html(table));
            }
            json.WriteEndObject();
            json.WriteStartObject("metadata");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        if (!step.Succeeded)
        {
            var ename = step.ErrorType ?? "Error";
            var evalue = step.ErrorMessage ?? "";
            json.WriteStartObject();
            json.WriteString("output_type", "error");
            json.WriteString("ename", ename);
            json.WriteString("evalue", evalue);
            json.WriteStartArray("traceback");
            var lines = string.IsNullOrEmpty(step.Traceback) ? [ename + ": " + evalue] : step.Traceback.TrimEnd('\n').ReplaceLineEndings("\n").Split('\n');
            foreach (var line in lines)
            {
                json.WriteStringValue(line);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStream(Utf8JsonWriter json, string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        json.WriteStartObject();
        json.WriteString("output_type", "stream");
        json.WriteString("name", name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private async Task WriteDisplayDataAsync(Utf8JsonWriter json, Artifact artifact, CancellationToken cancellationToken)
    {
        json.WriteStartObject();
        json.WriteString("output_type", "display_data");
        json.WriteStartObject("data");
        switch (artifact.Kind)
        {
            case ArtifactKinds.Chart when await artifacts.ChartAsync(artifact, cancellationToken) is { } figure:
                json.WritePropertyName(PlotlyMimeType);
                json.WriteRawValue(figure);
                json.WriteString("text/plain", "<Plotly chart: " + artifact.Name + ">");
                break;
            case ArtifactKinds.Image when await artifacts.ImageAsync(artifact, cancellationToken) is { } png:
                json.WriteBase64String("image/png", png);
                json.WriteString("text/plain", "<Figure: " + artifact.Name + ">");
                break;
            case ArtifactKinds.Table when await artifacts.TableAsync(artifact, cancellationToken) is { } table:
                json.WriteString("text/html", ExportTable.Html(table));
                json.WriteString("text/plain", ExportTable.PlainText(table));
                break;
            case ArtifactKinds.File:
                json.WriteString("text/plain", string.Create(CultureInfo.InvariantCulture, $"File written: {artifact.Name} ({artifact.Size:N0} bytes)"));
                break;
            default:
                json.WriteString("text/plain", "<" + artifact.Kind + " " + artifact.Name + ": not included (no longer stored, or too large to export)>");
                break;
        }
        json.WriteEndObject();
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
