using System.Text;
using CodingAgent.Core.Domain;
using CodingAgent.Web.Tables;

namespace CodingAgent.Web.Api;

/// <summary>
/// A table artifact's rows through its query store (<see cref="TableStore"/>): <c>offset</c>/<c>limit</c> pages over
/// every row, <c>sort</c>/<c>desc</c>, <c>filter=column:op:value</c> (repeatable, all must hold) and the whole table
/// (in that order, through those filters) as <c>format=csv</c> or <c>format=xlsx</c>, streamed. docs/api.md.
/// </summary>
public static class TableContentApi
{
    public static bool IsFormat(string? format) => format is null || IsCsv(format) || IsXlsx(format);

    public static async Task<IResult> GetAsync(Artifact artifact, TableContentRequest request, TableStore tables, CancellationToken cancellationToken)
    {
        if (artifact.Kind != ArtifactKinds.Table)
        {
            return request.Format is not null
                ? SessionsApi.Problem(400, "Not a table", $"format={request.Format} converts table artifacts only.")
                : SessionsApi.Problem(400, "Not a table", "offset, limit, sort, desc and filter apply to the rows of table artifacts only.");
        }
        if (request.Format is not null && (request.Offset is not null || request.Limit is not null))
        {
            return SessionsApi.Problem(400, "Invalid page", $"format={request.Format} downloads every row (in the sort and through the filters given); leave out offset and limit.");
        }
        if (request.Offset is < 0 || request.Limit is < 1 or > TablePage.MaxLimit)
        {
            return SessionsApi.Problem(400, "Invalid page", $"offset must be 0 or more and limit between 1 and {TablePage.MaxLimit}.");
        }
        bool descending;
        switch (request.Desc?.ToLowerInvariant())
        {
            case null or "false":
                descending = false;
                break;
            case "true":
                descending = true;
                break;
            default:
                return SessionsApi.Problem(400, "Invalid sort", $"desc is true or false, not '{request.Desc}'.");
        }
        if (request.Desc is not null && request.Sort is null)
        {
            return SessionsApi.Problem(400, "Invalid sort", "desc needs sort=column.");
        }
        if (await tables.OpenAsync(artifact, cancellationToken) is not { } table)
        {
            return SessionsApi.Problem(404, "Artifact content missing", $"The content of artifact {artifact.Id} is no longer stored.");
        }
        TableQuery query;
        try
        {
            if (request.Sort is { } sort)
            {
                TableSql.IndexOf(table.Columns, sort);
            }
            query = new TableQuery(request.Offset ?? 0, request.Limit ?? TablePage.MaxLimit, request.Sort, descending,
                TableFilterParser.ParseAll(request.Filter, table.Columns));
        }
        catch (TableQueryException ex)
        {
            return SessionsApi.Problem(400, ex.Title, ex.Message);
        }
        if (request.Format is null)
        {
            return TypedResults.Ok(TablePage.From(table, await table.QueryAsync(query, cancellationToken)));
        }
        var rows = table.ReadAllAsync(query.Sort, query.Descending, query.Filters, cancellationToken);
        return IsCsv(request.Format)
            ? TypedResults.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
                await TableCsv.WriteAsync(table.Columns, rows, writer, cancellationToken);
            }, TableCsv.ContentType, TableCsv.FileName(artifact.Name))
            : TypedResults.Stream(body => TableXlsx.WriteAsync(table.Columns, rows, body, cancellationToken), TableXlsx.ContentType, TableCsv.FileName(artifact.Name, ".xlsx"));
    }

    private static bool IsCsv(string format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    private static bool IsXlsx(string format) => string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
}
