using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>Thread-safe list of received events; filled by <see cref="CollectingSink"/> or <see cref="CollectingHandler"/>.</summary>
public sealed class EventCollector
{
    private readonly Lock _lock = new();
    private readonly List<MarketEvent> _events = new(4096);

    /// <summary>The slot <see cref="CollectingSink"/> hands to decoders.</summary>
    public MarketEvent Scratch;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    public void Add(in MarketEvent e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }
    }

    public MarketEvent[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    public int CountControl(ControlCode code)
    {
        lock (_lock)
        {
            int count = 0;
            foreach (MarketEvent e in _events)
            {
                if (e.Header.Kind == EventKind.Control && e.Control.Code == code)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public int CountMarket()
    {
        lock (_lock)
        {
            int count = 0;
            foreach (MarketEvent e in _events)
            {
                if (e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
