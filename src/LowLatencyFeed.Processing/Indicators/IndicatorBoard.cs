using System.Collections.Concurrent;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// The latest value of every indicator of every instrument, readable from any thread: what the bar stage published last,
/// before the database has stored it. The bar thread writes each value through a seqlock per slot (never a lock, never
/// a wait for a reader); a reader retries while a write is in progress. Lets the HTTP API add "now" to the stored
/// indicator rows, as <see cref="Bars.OpenBarBoard"/> does for bars.
/// </summary>
public sealed class IndicatorBoard
{
    private readonly ConcurrentDictionary<long, int> _instruments = new();
    private Slot[] _slots;

    /// <summary>Creates a board for <paramref name="specs"/> (the engine's resolved specs, in spec-index order).</summary>
    public IndicatorBoard(IReadOnlyList<IndicatorSpec> specs, int initialInstruments = 1024)
    {
        ArgumentNullException.ThrowIfNull(specs);
        Specs = [.. specs];
        _slots = new Slot[Math.Max(1, initialInstruments) * Math.Max(1, Specs.Length)];
    }

    /// <summary>The indicators, in spec-index order.</summary>
    public IndicatorSpec[] Specs { get; }

    /// <summary>Reads the latest value of spec <paramref name="specIndex"/> for <paramref name="instrument"/>; false when none was published.</summary>
    public bool TryRead(InstrumentId instrument, int specIndex, out DerivedHeader header, out IndicatorValues values)
    {
        header = default;
        values = default;
        if ((uint)specIndex >= (uint)Specs.Length || !_instruments.TryGetValue(instrument.Value, out int index))
        {
            return false;
        }

        int at = (index * Specs.Length) + specIndex;
        while (true)
        {
            Slot[] slots = Volatile.Read(ref _slots);
            if (at >= slots.Length)
            {
                return false;
            }

            ref Slot slot = ref slots[at];
            long before = Volatile.Read(ref slot.Version);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(8);
                continue;
            }

            header = slot.Header;
            values = slot.Values;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Version) == before)
            {
                return before != 0;
            }
        }
    }

    /// <summary>Bar thread: registers a new instrument at engine index <paramref name="index"/> (cold path).</summary>
    internal void Register(InstrumentId instrument, int index)
    {
        int needed = (index + 1) * Specs.Length;
        if (needed > _slots.Length)
        {
            var grown = new Slot[Math.Max(needed, _slots.Length * 2)];
            Array.Copy(_slots, grown, _slots.Length);
            Volatile.Write(ref _slots, grown);
        }

        _instruments[instrument.Value] = index;
    }

    /// <summary>Bar thread: publishes one value.</summary>
    internal void Write(int index, int specIndex, in DerivedHeader header, in IndicatorValues values)
    {
        ref Slot slot = ref _slots[(index * Specs.Length) + specIndex];

        // Odd while writing; the full fence keeps the data stores after it.
        Interlocked.Increment(ref slot.Version);
        slot.Header = header;
        slot.Values = values;
        Volatile.Write(ref slot.Version, slot.Version + 1);
    }

    private struct Slot
    {
        public long Version;
        public DerivedHeader Header;
        public IndicatorValues Values;
    }
}
