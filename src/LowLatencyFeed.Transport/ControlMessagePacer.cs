namespace LowLatencyFeed.Transport;

/// <summary>
/// Keeps the control messages one connection sends (the subscribe messages of the connect, subscription changes) to at
/// most <see cref="Limit"/> in any window of <see cref="Window"/>, as brokers that count incoming messages per
/// connection require (Binance/README.md §2). A sliding window over the last <see cref="Limit"/> send times, so a
/// connect may send its messages back to back when they fit, and later ones wait exactly as long as the window needs.
/// Not thread-safe: one connection's sender (the connect, then the decode loop) uses it.
/// </summary>
public sealed class ControlMessagePacer
{
    private readonly DateTimeOffset[] _sent;
    private int _oldest;
    private int _count;

    /// <summary>At most <paramref name="limit"/> messages in any <paramref name="window"/>.</summary>
    public ControlMessagePacer(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _sent = new DateTimeOffset[limit];
        Window = window;
    }

    /// <summary>Most messages in one <see cref="Window"/>.</summary>
    public int Limit => _sent.Length;

    /// <summary>The window <see cref="Limit"/> applies to.</summary>
    public TimeSpan Window { get; }

    /// <summary>How long the next message must wait at <paramref name="now"/>; zero when it may go now.</summary>
    public TimeSpan DelayAt(DateTimeOffset now)
    {
        if (_count < _sent.Length)
        {
            return TimeSpan.Zero;
        }

        // The window is full: the next message may go once the oldest of the last Limit sends has left it.
        TimeSpan wait = _sent[_oldest] + Window - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Records a message sent at <paramref name="now"/> (after <see cref="DelayAt"/> returned zero).</summary>
    public void Record(DateTimeOffset now)
    {
        if (_count < _sent.Length)
        {
            _sent[(_oldest + _count) % _sent.Length] = now;
            _count++;
        }
        else
        {
            _sent[_oldest] = now;
            _oldest = (_oldest + 1) % _sent.Length;
        }
    }
}
