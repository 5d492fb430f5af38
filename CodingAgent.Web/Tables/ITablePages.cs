using CodingAgent.Web.Api;

namespace CodingAgent.Web.Tables;

/// <summary>Pages of a table artifact for the grid (in-process: the page does not go through HTTP).</summary>
public interface ITablePages
{
    /// <summary>The page, or null when the artifact or its content is gone.</summary>
    /// <exception cref="TableQueryException">The query names a column the table lacks.</exception>
    Task<TablePage?> GetPageAsync(Guid artifactId, TableQuery query, CancellationToken cancellationToken);
}
