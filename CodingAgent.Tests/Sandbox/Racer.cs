namespace CodingAgent.Tests.Sandbox;

/// <summary>Runs an action in a loop on a thread of its own until disposed.</summary>
internal sealed class Racer : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _rounds;

    public Racer(Action round)
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                round();
                Interlocked.Increment(ref _rounds);
            }
        });
        _thread.Start();
    }

    public int Rounds => Volatile.Read(ref _rounds);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
