using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Ring;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Publishes <see cref="EventKind.Clock"/> events at a fixed period so time-driven consumers (bars) close intervals on
/// a quiet market, and so the journal records the passage of time for deterministic replays.
/// </summary>
public sealed class ClockPublisher : IDisposable
{
    private readonly RingBuffer<MarketEvent> _ring;
    private readonly MonotonicClock _clock;
    private readonly TimeSpan _period;
    private readonly ManualResetEventSlim _stop = new(false);
    private Thread? _thread;

    /// <summary>Creates the publisher; call <see cref="Start"/>.</summary>
    public ClockPublisher(RingBuffer<MarketEvent> ring, MonotonicClock clock, TimeSpan period)
    {
        _ring = ring;
        _clock = clock;
        _period = period;
    }

    /// <summary>Starts the clock thread.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { Name = "llfeed-clock", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Stops and joins the thread; no clock event is published after this returns.</summary>
    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Run()
    {
        var publisher = new RingPublisher(_ring);
        while (!_stop.Wait(_period))
        {
            ref MarketEvent slot = ref publisher.Claim();
            long now = _clock.UnixNanoseconds();
            slot.Header.Kind = EventKind.Clock;
            slot.Header.ExchangeTimeNs = now;
            slot.Header.ReceiveTimeNs = now;
            publisher.Publish();
        }
    }
}
