using System.Collections.Concurrent;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Concurrency;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// The bar stage's open (and last closed) bar of every instrument and timeframe, readable from any thread. The bar
/// thread writes at batch end through a seqlock per slot, so it never takes a lock or waits for a reader; a reader
/// retries while a write is in progress. Lets the HTTP API add "now" to the closed bars the database holds.
/// </summary>
public sealed class OpenBarBoard
{
    private readonly ConcurrentDictionary<long, InstrumentScales> _instruments = new();
    private readonly SeqlockSlots<OpenAndClosed> _slots;

    /// <summary>Creates a board for <paramref name="timeframes"/> spans (in the aggregator's order).</summary>
    public OpenBarBoard(IReadOnlyList<TimeSpan> timeframes, int initialInstruments = 1024)
    {
        ArgumentNullException.ThrowIfNull(timeframes);
        Timeframes = [.. timeframes];
        _slots = new SeqlockSlots<OpenAndClosed>(Math.Max(1, initialInstruments) * Timeframes.Length);
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

        // An unwritten slot reads as default bars: the instrument is known, its bars are not open yet.
        _slots.TryRead((scales.Index * Timeframes.Length) + timeframe, out OpenAndClosed bars);
        open = bars.Open;
        lastClosed = bars.LastClosed;
        return true;
    }

    /// <summary>Bar thread: registers a new instrument at aggregator index <paramref name="index"/> (cold path).</summary>
    internal void Register(InstrumentId instrument, int index, byte priceDecimals, byte quantityDecimals)
    {
        _slots.EnsureCapacity((index + 1) * Timeframes.Length);
        _instruments[instrument.Value] = new InstrumentScales(index, priceDecimals, quantityDecimals);
    }

    /// <summary>Bar thread: publishes one slot.</summary>
    internal void Write(int index, int timeframe, in BarSnapshot open, in BarSnapshot lastClosed)
    {
        _slots.Write((index * Timeframes.Length) + timeframe, new OpenAndClosed(open, lastClosed));
    }

    private readonly record struct OpenAndClosed(BarSnapshot Open, BarSnapshot LastClosed);
}
