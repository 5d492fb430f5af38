using CodingAgent.Core.Ports;
using CodingAgent.Web.Extensions;

namespace CodingAgent.Web.Tables;

public static class TableExtensions
{
    /// <summary>The table query stores, cached in <c>{data}/cache/tables</c> (safe to delete: rebuilt from the blob store).</summary>
    public static IServiceCollection AddCodingAgentTables(this IServiceCollection services) =>
        services.AddSingleton(sp => new TableStore(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<DataPaths>().TableCache, sp.GetRequiredService<ILogger<TableStore>>()))
            .AddSingleton<ITablePages, StoreTablePages>();
}
