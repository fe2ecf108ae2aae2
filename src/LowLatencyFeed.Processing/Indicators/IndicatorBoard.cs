using System.Collections.Concurrent;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Concurrency;
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
    private readonly SeqlockSlots<PublishedValue> _slots;

    /// <summary>Creates a board for <paramref name="specs"/> (the engine's resolved specs, in spec-index order).</summary>
    public IndicatorBoard(IReadOnlyList<IndicatorSpec> specs, int initialInstruments = 1024)
    {
        ArgumentNullException.ThrowIfNull(specs);
        Specs = [.. specs];
        _slots = new SeqlockSlots<PublishedValue>(Math.Max(1, initialInstruments) * Math.Max(1, Specs.Length));
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

        bool written = _slots.TryRead((index * Specs.Length) + specIndex, out PublishedValue published);
        header = published.Header;
        values = published.Values;
        return written;
    }

    /// <summary>Bar thread: registers a new instrument at engine index <paramref name="index"/> (cold path).</summary>
    internal void Register(InstrumentId instrument, int index)
    {
        _slots.EnsureCapacity((index + 1) * Specs.Length);
        _instruments[instrument.Value] = index;
    }

    /// <summary>Bar thread: publishes one value.</summary>
    internal void Write(int index, int specIndex, in DerivedHeader header, in IndicatorValues values)
    {
        _slots.Write((index * Specs.Length) + specIndex, new PublishedValue(header, values));
    }

    private readonly record struct PublishedValue(DerivedHeader Header, IndicatorValues Values);
}
