using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Cluster;

/// <summary>The bus contract on the single instance's in-process bus.</summary>
public sealed class InProcessClusterBusTests : ClusterBusContract
{
    private readonly InProcessClusterBus _bus = new();

    protected override IClusterBus Publisher => _bus;
    protected override IClusterBus Subscriber => _bus;
}
