using CodingAgent.Core.Ports;
using Microsoft.Data.Sqlite;

namespace CodingAgent.Tests.Database;

/// <summary>A data folder as the previous release (before migrations and file versions) left it: Resources/previous-release.sql.</summary>
internal static class PreviousRelease
{
    public static readonly Guid SessionId = Guid.Parse("5e55a000-0000-4000-8000-000000000001");
    public static readonly Guid AnswerId = Guid.Parse("5e55a000-0000-4000-8000-000000000003");
    public static readonly Guid RunId = Guid.Parse("5e55a000-0000-4000-8000-000000000004");
    public static readonly Guid StepId = Guid.Parse("5e55a000-0000-4000-8000-000000000005");
    public static readonly Guid ArtifactId = Guid.Parse("5e55a000-0000-4000-8000-000000000006");
    public static readonly DateTimeOffset SessionCreatedAt = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly byte[] SalesCsv = "region,revenue\nnorth,20\nsouth,22\n"u8.ToArray();

    private static string Script => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Database", "Resources", "previous-release.sql"));

    /// <summary>Writes the database to <paramref name="path"/>.</summary>
    public static async Task CreateDatabaseAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // the dump lists tables by name, not in the order their foreign keys need
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Script;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The whole data folder: the database and the upload's blob at the key uploads had then.</summary>
    public static async Task CreateDataFolderAsync(string dataDirectory)
    {
        await CreateDatabaseAsync(Path.Combine(dataDirectory, "codingagent.db"));
        var blob = Path.Combine(dataDirectory, "blobs", BlobKeys.LegacyUpload(SessionId, "sales.csv"));
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        await File.WriteAllBytesAsync(blob, SalesCsv);
    }

    /// <summary>Tables and indexes as SQLite holds them (name → CREATE statement), without EF Core's bookkeeping tables.</summary>
    public static async Task<IReadOnlyList<(string Name, string Sql)>> SchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\' ORDER BY name";
        var schema = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            schema.Add((reader.GetString(0), reader.GetString(1)));
        }
        return schema;
    }
}
