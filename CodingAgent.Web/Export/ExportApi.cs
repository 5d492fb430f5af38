using CodingAgent.Core.Ports;
using CodingAgent.Web.Access;
using CodingAgent.Web.Api;

namespace CodingAgent.Web.Export;

/// <summary><c>GET /api/sessions/{id}/export?format=ipynb|html</c>: the session as a Jupyter notebook or a self-contained HTML report, as an attachment.</summary>
public static class ExportApi
{
    public const string NotebookContentType = "application/x-ipynb+json";
    public const string HtmlContentType = "text/html; charset=utf-8";

    public static RouteGroupBuilder MapSessionExport(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions/{id:guid}/export", ExportAsync).ReadsSession();
        return api;
    }

    private static async Task<IResult> ExportAsync(Guid id, string? format, ISessionRepository sessions, IBlobStore blobs, Tables.ITablePages tables, ReportScripts scripts, TimeProvider time, CancellationToken cancellationToken)
    {
        var kind = format?.Trim().ToLowerInvariant();
        if (kind is not ("ipynb" or "html"))
        {
            return SessionsApi.Problem(400, "Invalid format", "format must be ipynb (a Jupyter notebook) or html (a self-contained report).");
        }
        if (await SessionExport.LoadAsync(sessions, id, cancellationToken) is not { } export)
        {
            return SessionsApi.SessionNotFound(id);
        }
        var artifacts = new ExportArtifacts(blobs, tables);
        var fileName = ExportFileName.For(export.Session.Title, id, kind);
        var exportedAt = time.GetUtcNow();
        return kind == "ipynb"
            ? TypedResults.Stream(body => new NotebookWriter(artifacts).WriteAsync(export, body, cancellationToken), NotebookContentType, fileName)
            : TypedResults.Stream(body => new HtmlReportWriter(artifacts, scripts).WriteAsync(export, exportedAt, body, cancellationToken), HtmlContentType, fileName);
    }
}
