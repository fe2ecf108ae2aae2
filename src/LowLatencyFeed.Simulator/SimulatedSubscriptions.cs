using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// The instruments a simulated client has subscribed, by token, with their modes, in first-subscription order.
/// Written by the connection's receive loop, read by its send loop (which copies it when <see cref="Version"/>
/// changes), so every member locks; this is a cold path.
/// </summary>
public sealed class SimulatedSubscriptions
{
    private readonly Lock _lock = new();
    private readonly List<long> _order = [];
    private readonly Dictionary<long, SubscriptionMode> _modes = [];
    private int _version;

    /// <summary>Changes so far; the send loop re-reads the table when it moves.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Subscribed tokens.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>Subscribes <paramref name="token"/> in <paramref name="mode"/>; an already subscribed token keeps its mode. True when added.</summary>
    public bool Add(long token, SubscriptionMode mode)
    {
        lock (_lock)
        {
            if (!_modes.TryAdd(token, mode))
            {
                return false;
            }

            _order.Add(token);
            _version++;
            return true;
        }
    }

    /// <summary>Subscribes <paramref name="token"/> or changes its mode.</summary>
    public void Set(long token, SubscriptionMode mode)
    {
        lock (_lock)
        {
            if (_modes.TryAdd(token, mode))
            {
                _order.Add(token);
            }
            else
            {
                _modes[token] = mode;
            }

            _version++;
        }
    }

    /// <summary>Changes the mode of a subscribed token; false (and nothing changes) when it is not subscribed.</summary>
    public bool SetMode(long token, SubscriptionMode mode)
    {
        lock (_lock)
        {
            if (!_modes.ContainsKey(token))
            {
                return false;
            }

            _modes[token] = mode;
            _version++;
            return true;
        }
    }

    /// <summary>Unsubscribes <paramref name="token"/>; false when it was not subscribed.</summary>
    public bool Remove(long token)
    {
        lock (_lock)
        {
            if (!_modes.Remove(token))
            {
                return false;
            }

            _order.Remove(token);
            _version++;
            return true;
        }
    }

    /// <summary>The mode of <paramref name="token"/>, if subscribed.</summary>
    public bool TryGetMode(long token, out SubscriptionMode mode)
    {
        lock (_lock)
        {
            return _modes.TryGetValue(token, out mode);
        }
    }

    /// <summary>A copy of the table in subscription order, with the version it reflects.</summary>
    public (long Token, SubscriptionMode Mode)[] Snapshot(out int version)
    {
        lock (_lock)
        {
            version = _version;
            var result = new (long, SubscriptionMode)[_order.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (_order[i], _modes[_order[i]]);
            }

            return result;
        }
    }
}
