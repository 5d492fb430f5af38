using CodingAgent.Core.Configuration;

namespace CodingAgent.Web.Extensions;

/// <summary>Where the embedded defaults keep their state: <c>CODINGAGENT_DATA_DIR</c>, else <c>CodingAgent:DataDirectory</c>, else ./data.</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Database => Path.Combine(Root, "codingagent.db");
    public string Blobs => Path.Combine(Root, "blobs");
    public string Workspaces => Path.Combine(Root, "workspaces");
    public string Runtime => Path.Combine(Root, "runtime");
    public string Keys => Path.Combine(Root, "keys");
    public string TableCache => Path.Combine(Root, "cache", "tables");

    public static DataPaths From(IConfiguration configuration) => new(
        Settings.FirstNonBlank(configuration["CODINGAGENT_DATA_DIR"], configuration["CodingAgent:DataDirectory"]) ?? "data");
}
