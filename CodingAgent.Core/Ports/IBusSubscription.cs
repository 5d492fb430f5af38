using System.Threading.Channels;

namespace CodingAgent.Core.Ports;

/// <summary>Messages as they arrive; disposing unsubscribes.</summary>
public interface IBusSubscription<T> : IAsyncDisposable
{
    ChannelReader<T> Reader { get; }
}
