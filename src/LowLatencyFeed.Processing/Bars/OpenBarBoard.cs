using System.Collections.Concurrent;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// The bar stage's open (and last closed) bar of every instrument and timeframe, readable from any thread. The bar
/// thread writes at batch end through a seqlock per slot, so it never takes a lock or waits for a reader; a reader
/// retries while a write is in progress. Lets the HTTP API add "now" to the closed bars the database holds.
/// </summary>
public sealed class OpenBarBoard
{
    private readonly ConcurrentDictionary<long, InstrumentScales> _instruments = new();
    private Slot[] _slots;

    /// <summary>Creates a board for <paramref name="timeframes"/> spans (in the aggregator's order).</summary>
    public OpenBarBoard(IReadOnlyList<TimeSpan> timeframes, int initialInstruments = 1024)
    {
        ArgumentNullException.ThrowIfNull(timeframes);
        Timeframes = [.. timeframes];
        _slots = new Slot[Math.Max(1, initialInstruments) * Timeframes.Length];
    }

    /// <summary>The timeframes, in slot order.</summary>
    public TimeSpan[] Timeframes { get; }

    /// <summary>Instruments the bar stage has seen.</summary>
    public int InstrumentCount => _instruments.Count;

    /// <summary>Reads the open and last closed bar of <paramref name="instrument"/> at <paramref name="timeframe"/>; false if unknown.</summary>
    public bool TryRead(InstrumentId instrument, int timeframe, out BarSnapshot open, out BarSnapshot lastClosed, out InstrumentScales scales)
    {
        open = default;
        lastClosed = default;
        if ((uint)timeframe >= (uint)Timeframes.Length || !_instruments.TryGetValue(instrument.Value, out scales))
        {
            scales = default;
            return false;
        }

        int index = (scales.Index * Timeframes.Length) + timeframe;
        while (true)
        {
            Slot[] slots = Volatile.Read(ref _slots);
            if (index >= slots.Length)
            {
                return true;
            }

            ref Slot slot = ref slots[index];
            long before = Volatile.Read(ref slot.Version);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(8);
                continue;
            }

            open = slot.Open;
            lastClosed = slot.LastClosed;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Version) == before)
            {
                return true;
            }
        }
    }

    /// <summary>Bar thread: registers a new instrument at aggregator index <paramref name="index"/> (cold path).</summary>
    internal void Register(InstrumentId instrument, int index, byte priceDecimals, byte quantityDecimals)
    {
        int needed = (index + 1) * Timeframes.Length;
        if (needed > _slots.Length)
        {
            var grown = new Slot[Math.Max(needed, _slots.Length * 2)];
            Array.Copy(_slots, grown, _slots.Length);
            Volatile.Write(ref _slots, grown);
        }

        _instruments[instrument.Value] = new InstrumentScales(index, priceDecimals, quantityDecimals);
    }

    /// <summary>Bar thread: publishes one slot.</summary>
    internal void Write(int index, int timeframe, in BarSnapshot open, in BarSnapshot lastClosed)
    {
        ref Slot slot = ref _slots[(index * Timeframes.Length) + timeframe];

        // Odd while writing; the full fence keeps the data stores after it.
        Interlocked.Increment(ref slot.Version);
        slot.Open = open;
        slot.LastClosed = lastClosed;
        Volatile.Write(ref slot.Version, slot.Version + 1);
    }

    private struct Slot
    {
        public long Version;
        public BarSnapshot Open;
        public BarSnapshot LastClosed;
    }
}
