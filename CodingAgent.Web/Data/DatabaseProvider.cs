namespace CodingAgent.Web.Data;

/// <summary>Where metadata and history live (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file in the data folder: one instance, nothing to run beside the app.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Postgres</c>: what several instances share.</summary>
    Postgres,
}
