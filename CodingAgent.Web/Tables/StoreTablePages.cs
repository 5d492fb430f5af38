using CodingAgent.Core.Ports;
using CodingAgent.Web.Api;

namespace CodingAgent.Web.Tables;

/// <summary>Pages from the artifact's query store, as the API serves them.</summary>
public sealed class StoreTablePages(ISessionRepository sessions, TableStore store) : ITablePages
{
    public async Task<TablePage?> GetPageAsync(Guid artifactId, TableQuery query, CancellationToken cancellationToken)
    {
        if (await sessions.GetArtifactAsync(artifactId, cancellationToken) is not { } artifact
            || await store.OpenAsync(artifact, cancellationToken) is not { } table)
        {
            return null;
        }
        return TablePage.From(table, await table.QueryAsync(query, cancellationToken));
    }
}
