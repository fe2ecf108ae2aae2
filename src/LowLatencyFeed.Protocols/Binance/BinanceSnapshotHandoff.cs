using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// A single-slot, lock-free handoff of one symbol's REST snapshot from the fetching thread to the session's reader
/// thread. The state says who owns <see cref="Snapshot"/>: Idle and Ready belong to the reader, Requested to the fetcher.
/// The reader moves Idle → Requested and Ready → Idle; the fetcher moves Requested → Ready (or back to Idle).
/// Each move is a volatile write made after the owner's last use of the buffer, and each owner reads the state
/// volatile before touching the buffer, so the buffer is never shared and never locked.
/// </summary>
/// <remarks>
/// The reader consumes a ready snapshot at its next message (<see cref="BinanceProtocol.Decode{TSink}"/>) or poll
/// (<see cref="BinanceProtocol.ApplyReadySnapshots{TSink}"/>); diffs arriving meanwhile are buffered by the
/// <see cref="BinanceBookSynchronizer"/>, not lost.
/// </remarks>
public sealed class BinanceSnapshotHandoff
{
    private const int Idle = 0;
    private const int Requested = 1;
    private const int Ready = 2;

    private readonly BinanceSnapshotSignal _signal;
    private int _state;
    private int _attempt;

    internal BinanceSnapshotHandoff(string symbol, InstrumentId instrument, BinanceDepthSnapshot snapshot, BinanceSnapshotSignal signal)
    {
        Symbol = symbol;
        Instrument = instrument;
        Snapshot = snapshot;
        _signal = signal;
    }

    /// <summary>The REST symbol (uppercase, e.g. <c>BTCUSDT</c>).</summary>
    public string Symbol { get; }

    /// <summary>The engine instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>Where the fetcher writes the snapshot (capacity = the configured snapshot limit).</summary>
    public BinanceDepthSnapshot Snapshot { get; }

    /// <summary>1 for the first request since the book was last in sync, then 2, 3… (for the fetcher's back-off).</summary>
    public int Attempt => Volatile.Read(ref _attempt);

    /// <summary>True while a fetch is outstanding.</summary>
    public bool IsRequested => Volatile.Read(ref _state) == Requested;

    /// <summary>Fetcher: the snapshot is written; hand it to the reader.</summary>
    public void Complete()
    {
        if (Volatile.Read(ref _state) != Requested)
        {
            ThrowHelper.ThrowInvalidOperation("Snapshot handoff for {0} completed without an outstanding request.", Symbol);
        }

        Volatile.Write(ref _state, Ready);
        _signal.Raise();
    }

    /// <summary>Fetcher: giving up (shutdown); the reader will request again when it still needs a snapshot.</summary>
    public void Abandon()
    {
        if (Volatile.Read(ref _state) == Requested)
        {
            Volatile.Write(ref _state, Idle);
        }
    }

    /// <summary>Reader: claims the slot for a new request when it is idle.</summary>
    internal bool TryBeginRequest()
    {
        if (Volatile.Read(ref _state) != Idle)
        {
            return false;
        }

        _attempt++;
        Volatile.Write(ref _state, Requested);
        return true;
    }

    /// <summary>Reader: a snapshot is waiting.</summary>
    internal bool IsReady => Volatile.Read(ref _state) == Ready;

    /// <summary>Reader: done with the snapshot; <paramref name="synced"/> restarts the attempt count.</summary>
    internal void Release(bool synced)
    {
        if (synced)
        {
            _attempt = 0;
        }

        Volatile.Write(ref _state, Idle);
    }
}
