namespace CodingAgent.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The folder holding CodingAgent.sln, found above the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CodingAgent.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("CodingAgent.sln not found above the test binaries");
        }
        return root;
    }
}
