using System.Security.Cryptography;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> must do, run against each provider (one subclass each).</summary>
public abstract class BlobStoreContract
{
    /// <summary>The store under test; S3 with a small part size (5 MiB), so that a 20 MB upload takes several parts.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>How many keys the prefix deletion test makes (more than one listing page where listing is paged).</summary>
    protected abstract int ManyKeys { get; }

    /// <summary>Every key the store holds under <paramref name="prefix"/>, as the backing service sees it.</summary>
    protected abstract Task<List<string>> StoredKeysAsync(string prefix);

    /// <summary>Writes begun and not finished (pending multipart uploads, temporary files).</summary>
    protected abstract Task<List<string>> PendingWritesAsync();

    private static string NewPrefix() => $"sessions/{Guid.NewGuid():N}/";

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Put_then_open_returns_the_same_bytes_with_their_length()
    {
        var key = NewPrefix() + "uploads/a";
        var content = GeneratedStream.Bytes(100_000);

        await Store.PutAsync(key, new MemoryStream(content), CancellationToken.None);

        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(stream);
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);
        Assert.Equal(content, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Put_over_an_existing_key_replaces_its_content()
    {
        var key = NewPrefix() + "uploads/a";
        await Store.PutAsync(key, new MemoryStream("first version, longer"u8.ToArray()), CancellationToken.None);

        await Store.PutAsync(key, new MemoryStream("second"u8.ToArray()), CancellationToken.None);

        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        Assert.Equal("second"u8.ToArray(), await ReadAllAsync(stream!));
        Assert.Equal([key], await StoredKeysAsync(key));
    }

    [Fact]
    public async Task A_missing_key_opens_as_null()
    {
        Assert.Null(await Store.OpenReadAsync(NewPrefix() + "uploads/none", CancellationToken.None));
    }

    [Fact]
    public async Task Seeks_and_partial_reads_return_the_bytes_at_each_position()
    {
        var key = NewPrefix() + "artifacts/a";
        var content = GeneratedStream.Bytes(300_000);
        await Store.PutAsync(key, new MemoryStream(content), CancellationToken.None);

        await using var stream = (await Store.OpenReadAsync(key, CancellationToken.None))!;
        var buffer = new byte[1000];
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 10));
        Assert.Equal(content[..10], buffer[..10]);
        Assert.Equal(10, stream.Position);

        stream.Seek(200_000, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer);
        Assert.Equal(content[200_000..201_000], buffer);
        Assert.Equal(201_000, stream.Position);

        // backwards, then relative to the end
        stream.Position = 5;
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 100));
        Assert.Equal(content[5..105], buffer[..100]);
        stream.Seek(-50, SeekOrigin.End);
        Assert.Equal(content[^50..], await ReadAllAsync(stream));
        Assert.Equal(0, await stream.ReadAsync(buffer));
        Assert.Equal(content.Length, stream.Length);
    }

    [Fact]
    public async Task Empty_content_is_stored_and_read_as_empty()
    {
        var key = NewPrefix() + "uploads/empty";

        await Store.PutAsync(key, new GeneratedStream(0), CancellationToken.None);

        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(stream);
        Assert.Equal(0, stream.Length);
        Assert.Empty(await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Unseekable_content_of_unknown_length_larger_than_a_part_is_stored_whole()
    {
        var key = NewPrefix() + "uploads/large";
        const int size = 20 * 1024 * 1024 + 12345;
        using var source = new GeneratedStream(size);

        await Store.PutAsync(key, source, CancellationToken.None);

        await using var stream = (await Store.OpenReadAsync(key, CancellationToken.None))!;
        Assert.Equal(size, stream.Length);
        Assert.Equal(source.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        Assert.Empty(await PendingWritesAsync());
    }

    [Fact]
    public async Task An_upload_cancelled_midway_leaves_no_object_and_no_pending_write()
    {
        var key = NewPrefix() + "uploads/cancelled";
        using var cancel = new CancellationTokenSource();
        // cancelled after three 5 MiB parts' worth was read: S3 has begun a multipart upload by then
        using var source = new GeneratedStream(40 * 1024 * 1024, onRead: read =>
        {
            if (read >= 16 * 1024 * 1024)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync(key, source, cancel.Token));

        Assert.True(source.Position >= 16 * 1024 * 1024);
        Assert.Null(await Store.OpenReadAsync(key, CancellationToken.None));
        Assert.Empty(await StoredKeysAsync(key));
        Assert.Empty(await PendingWritesAsync());
    }

    [Fact]
    public async Task Deleting_a_prefix_removes_every_key_under_it_and_nothing_else()
    {
        var doomed = NewPrefix();
        var sibling = doomed.TrimEnd('/') + "0/";
        var keys = Enumerable.Range(0, ManyKeys).Select(i => doomed + (i % 2 == 0 ? "uploads/" : "artifacts/") + i.ToString("D5")).ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, token) =>
            await Store.PutAsync(key, new MemoryStream([1, 2, 3]), token));
        await Store.PutAsync(sibling + "uploads/kept", new MemoryStream([4]), CancellationToken.None);
        Assert.Equal(ManyKeys, (await StoredKeysAsync(doomed)).Count);

        await Store.DeleteByPrefixAsync(doomed, CancellationToken.None);

        Assert.Empty(await StoredKeysAsync(doomed));
        Assert.Null(await Store.OpenReadAsync(keys[^1], CancellationToken.None));
        Assert.Equal([sibling + "uploads/kept"], await StoredKeysAsync(sibling));
        await using var kept = await Store.OpenReadAsync(sibling + "uploads/kept", CancellationToken.None);
        Assert.Equal(new byte[] { 4 }, await ReadAllAsync(kept!));
    }

    [Fact]
    public async Task Deleting_a_key_removes_that_blob_only_and_a_missing_key_is_no_error()
    {
        var prefix = NewPrefix();
        await Store.PutAsync(prefix + "files/a.csv", new MemoryStream([1]), CancellationToken.None);
        await Store.PutAsync(prefix + "files/a.csv.bak", new MemoryStream([2]), CancellationToken.None);

        await Store.DeleteAsync(prefix + "files/a.csv", CancellationToken.None);
        await Store.DeleteAsync(prefix + "files/a.csv", CancellationToken.None);
        await Store.DeleteAsync(NewPrefix() + "never/written", CancellationToken.None);

        Assert.Null(await Store.OpenReadAsync(prefix + "files/a.csv", CancellationToken.None));
        Assert.Equal([prefix + "files/a.csv.bak"], await StoredKeysAsync(prefix));
    }
}
