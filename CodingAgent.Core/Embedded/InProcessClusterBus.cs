using System.Collections.Concurrent;
using System.Threading.Channels;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Embedded;

/// <summary>The bus of a single instance: messages go to this process's subscribers only.</summary>
public sealed class InProcessClusterBus : IClusterBus
{
    private readonly ConcurrentDictionary<Guid, Topic<RunEventMessage>> _runs = new();
    private readonly Topic<ClusterSignal> _signals = new();

    public Task PublishRunEventAsync(RunEventMessage message, CancellationToken cancellationToken)
    {
        if (_runs.TryGetValue(message.RunId, out var topic))
        {
            topic.Publish(message);
        }
        return Task.CompletedTask;
    }

    public Task<IBusSubscription<RunEventMessage>> SubscribeRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var topic = _runs.GetOrAdd(runId, _ => new Topic<RunEventMessage>());
        return Task.FromResult<IBusSubscription<RunEventMessage>>(topic.Subscribe(() =>
        {
            if (topic.IsEmpty)
            {
                _runs.TryRemove(new KeyValuePair<Guid, Topic<RunEventMessage>>(runId, topic));
            }
        }));
    }

    public Task PublishSignalAsync(ClusterSignal signal, CancellationToken cancellationToken)
    {
        _signals.Publish(signal);
        return Task.CompletedTask;
    }

    public Task<IBusSubscription<ClusterSignal>> SubscribeSignalsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IBusSubscription<ClusterSignal>>(_signals.Subscribe(() => { }));

    private sealed class Topic<T>
    {
        private readonly Lock _gate = new();
        private readonly List<Channel<T>> _subscribers = [];

        public bool IsEmpty
        {
            get
            {
                lock (_gate)
                {
                    return _subscribers.Count == 0;
                }
            }
        }

        public void Publish(T message)
        {
            lock (_gate)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(message);
                }
            }
        }

        public Subscription Subscribe(Action onEmpty)
        {
            var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
            lock (_gate)
            {
                _subscribers.Add(channel);
            }
            return new Subscription(channel, () =>
            {
                lock (_gate)
                {
                    _subscribers.Remove(channel);
                }
                channel.Writer.TryComplete();
                onEmpty();
            });
        }

        public sealed class Subscription(Channel<T> channel, Action unsubscribe) : IBusSubscription<T>
        {
            private int _disposed;

            public ChannelReader<T> Reader => channel.Reader;

            public ValueTask DisposeAsync()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    unsubscribe();
                }
                return ValueTask.CompletedTask;
            }
        }
    }
}
