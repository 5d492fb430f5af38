namespace CodingAgent.Tests.Sandbox;

/// <summary>What <see cref="HostMemoryProbe"/> measured, in bytes.</summary>
internal sealed record HostMemoryFigures(long ManagedBefore, long ManagedPeak, long ManagedAfter, long RssBefore, long RssAfter)
{
    public long PeakManagedGrowth => ManagedPeak - ManagedBefore;

    public override string ToString() =>
        $"managed before {ManagedBefore / HostMemoryProbe.Megabyte} MB, peak {ManagedPeak / HostMemoryProbe.Megabyte} MB, after {ManagedAfter / HostMemoryProbe.Megabyte} MB; " +
        $"RSS before {RssBefore / HostMemoryProbe.Megabyte} MB, after {RssAfter / HostMemoryProbe.Megabyte} MB";
}
