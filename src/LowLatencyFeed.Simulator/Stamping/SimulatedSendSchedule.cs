using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;

namespace LowLatencyFeed.Simulator.Stamping;

/// <summary>
/// The side table of scheduled send times for wire formats with no room for a nanosecond stamp (Kite, Dhan and Kotak
/// carry seconds): per instrument, the n-th update's scheduled time as Unix ns on <see cref="MonotonicClock"/>. A
/// consumer that counts each instrument's events of one kind in arrival order (one connection keeps them in order)
/// finds the n-th one's send time with <see cref="TryGetScheduled"/>. Pre-sized: recording never allocates, and
/// updates beyond <c>capacityPerInstrument</c> are counted in <see cref="Overflowed"/> and not stamped.
/// One writer per instrument (its connection's send loop); any number of readers.
/// </summary>
public sealed class SimulatedSendSchedule : ISimulatedSendObserver
{
    private readonly Dictionary<InstrumentId, int> _indexOf;
    private readonly long[][] _scheduledNs;
    private readonly long[] _sent;
    private readonly MonotonicClock _clock;
    private long _overflowed;

    /// <summary>A table for <paramref name="instruments"/>, each with room for <paramref name="capacityPerInstrument"/> updates.</summary>
    public SimulatedSendSchedule(IReadOnlyList<InstrumentId> instruments, int capacityPerInstrument, MonotonicClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityPerInstrument);
        _clock = clock ?? MonotonicClock.Shared;
        _indexOf = new Dictionary<InstrumentId, int>(instruments.Count);
        _scheduledNs = new long[instruments.Count][];
        _sent = new long[instruments.Count];
        for (int i = 0; i < instruments.Count; i++)
        {
            _indexOf.Add(instruments[i], i);
            _scheduledNs[i] = new long[capacityPerInstrument];
        }
    }

    /// <summary>Instruments in the table (indices 0..Count-1, in construction order).</summary>
    public int Count => _sent.Length;

    /// <summary>Updates not stamped because their instrument's row was full, or of an instrument not in the table.</summary>
    public long Overflowed => Volatile.Read(ref _overflowed);

    /// <summary>The index of <paramref name="instrument"/>, or -1 when it is not in the table.</summary>
    public int IndexOf(InstrumentId instrument) => _indexOf.TryGetValue(instrument, out int index) ? index : -1;

    /// <summary>Updates of instrument <paramref name="index"/> stamped so far.</summary>
    public long Sent(int index) => Volatile.Read(ref _sent[index]);

    /// <summary>The scheduled send time (Unix ns) of instrument <paramref name="index"/>'s update number <paramref name="n"/> (0-based).</summary>
    public bool TryGetScheduled(int index, long n, out long scheduledUnixNs)
    {
        if ((ulong)n < (ulong)Volatile.Read(ref _sent[index]))
        {
            scheduledUnixNs = _scheduledNs[index][n];
            return true;
        }

        scheduledUnixNs = 0;
        return false;
    }

    /// <inheritdoc />
    public void OnScheduled(in SimulatedUpdate update, long scheduledTimestamp)
    {
        int index = IndexOf(InstrumentId.From(update.Instrument.Feed, update.Instrument.Token));
        if (index < 0)
        {
            Interlocked.Increment(ref _overflowed);
            return;
        }

        long n = _sent[index];
        long[] row = _scheduledNs[index];
        if (n >= row.Length)
        {
            Interlocked.Increment(ref _overflowed);
            return;
        }

        row[n] = _clock.ToUnixNanoseconds(scheduledTimestamp);

        // Published after the time: a reader that sees the count sees the stamp.
        Volatile.Write(ref _sent[index], n + 1);
    }
}
