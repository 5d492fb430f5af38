using CodingAgent.Core.Ports;
using CodingAgent.Web.Storage;

namespace CodingAgent.Tests.Storage;

/// <summary>The blob store contract on the embedded default: files under the data folder.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-blobs-" + Guid.NewGuid().ToString("N"));

    public FileSystemBlobStoreTests() => Store = new FileSystemBlobStore(_root);

    protected override IBlobStore Store { get; }

    protected override int ManyKeys => 50;

    protected override Task<List<string>> StoredKeysAsync(string prefix) => Task.FromResult(
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(_root, path))
                .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && !Path.GetFileName(key).StartsWith(".tmp-", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : []);

    protected override Task<List<string>> PendingWritesAsync() => Task.FromResult(
        Directory.Exists(_root) ? Directory.EnumerateFiles(_root, ".tmp-*", SearchOption.AllDirectories).ToList() : []);

    [Fact]
    public async Task The_blob_folder_is_ready_when_writable_and_not_when_it_cannot_be_made()
    {
        Assert.True((await ((IBlobStoreHealth)Store).CheckAsync(CancellationToken.None)).IsReady);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));

        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "x");
        var health = await new FileSystemBlobStore(Path.Combine(file, "blobs")).CheckAsync(CancellationToken.None);

        Assert.False(health.IsReady);
        Assert.Contains("not writable", health.Problem);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
