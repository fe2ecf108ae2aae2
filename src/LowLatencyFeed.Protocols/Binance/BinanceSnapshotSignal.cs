namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// One flag shared by a protocol's handoffs: raised after a snapshot is ready, so the reader loop checks a single
/// field per message instead of every symbol's handoff.
/// </summary>
internal sealed class BinanceSnapshotSignal
{
    private int _pending;

    /// <summary>Fetcher side: a handoff became ready (after its state was published).</summary>
    public void Raise() => Volatile.Write(ref _pending, 1);

    /// <summary>Reader side, cheap: anything to look at?</summary>
    public bool IsRaised => Volatile.Read(ref _pending) != 0;

    /// <summary>Reader side: lower the flag before scanning, so a snapshot completing during the scan raises it again.</summary>
    public void Lower() => Interlocked.Exchange(ref _pending, 0);
}
