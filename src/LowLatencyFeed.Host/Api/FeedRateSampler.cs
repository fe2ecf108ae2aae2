using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Host.Api;

/// <summary>Events and messages per second of every feed over the last second (sampled once a second, cold path).</summary>
public sealed class FeedRateSampler : IDisposable
{
    private readonly IReadOnlyList<IFeedRunner> _feeds;
    private readonly (long Events, long Messages, long Ticks)[] _last;
    private readonly (double Events, double Messages)[] _rates;
    private readonly Lock _gate = new();
    private readonly Timer _timer;

    /// <summary>Starts sampling <paramref name="feeds"/>.</summary>
    public FeedRateSampler(IReadOnlyList<IFeedRunner> feeds)
    {
        _feeds = feeds;
        _last = new (long, long, long)[feeds.Count];
        _rates = new (double, double)[feeds.Count];
        Sample();
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The rates of feed <paramref name="index"/>.</summary>
    public (double Events, double Messages) Rates(int index)
    {
        lock (_gate)
        {
            return _rates[index];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        long now = Environment.TickCount64;
        lock (_gate)
        {
            for (int i = 0; i < _feeds.Count; i++)
            {
                long events = _feeds[i].Diagnostics.Events;
                long messages = _feeds[i].Diagnostics.Messages;
                var (lastEvents, lastMessages, lastTicks) = _last[i];
                if (lastTicks != 0 && now > lastTicks)
                {
                    double seconds = (now - lastTicks) / 1000.0;
                    _rates[i] = ((events - lastEvents) / seconds, (messages - lastMessages) / seconds);
                }

                _last[i] = (events, messages, now);
            }
        }
    }
}
