using CodingAgent.Sandbox;

namespace CodingAgent.Tests.Sandbox;

public sealed class UidAllocatorTests
{
    [Fact]
    public void Two_instances_on_one_host_never_hand_out_the_same_uid()
    {
        var locks = Path.Combine(Path.GetTempPath(), "codingagent-uid-test-" + Guid.NewGuid().ToString("N"));
        var first = new UidAllocator(900_000, 2, locks);
        var second = new UidAllocator(900_000, 2, locks);

        var a = first.Allocate();
        var b = second.Allocate();
        Assert.NotEqual(a, b);
        Assert.Throws<InvalidOperationException>(() => first.Allocate());

        second.Release(b);
        Assert.Equal(b, first.Allocate());
        Directory.Delete(locks, recursive: true);
    }
}
