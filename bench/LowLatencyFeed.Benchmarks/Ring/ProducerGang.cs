namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>Persistent producer threads started per invocation, so benchmarks do not measure thread creation.</summary>
public sealed class ProducerGang : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start = new(0);
    private readonly CountdownEvent _done;
    private readonly Action<int> _work;
    private volatile bool _stopping;

    public ProducerGang(int producers, Action<int> work)
    {
        _work = work;
        _done = new CountdownEvent(producers);
        _threads = new Thread[producers];
        for (int i = 0; i < producers; i++)
        {
            int index = i;
            _threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = "bench-producer-" + i };
            _threads[i].Start();
        }
    }

    public void RunOnce()
    {
        _done.Reset();
        _start.Release(_threads.Length);
        _done.Wait();
    }

    public void Dispose()
    {
        _stopping = true;
        _start.Release(_threads.Length);
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _start.Dispose();
        _done.Dispose();
    }

    private void Loop(int index)
    {
        while (true)
        {
            _start.Wait();
            if (_stopping)
            {
                return;
            }

            _work(index);
            _done.Signal();
        }
    }
}
