using System.Collections.Concurrent;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// Instruments to upsert into <c>llfeed.instruments</c>: the stager registers each instrument the first time it sees it
/// (one hash lookup per event, an allocation only per new instrument), the host may add symbols, and writers upsert
/// the pending ones before their next COPY.
/// </summary>
public sealed class InstrumentRegistry
{
    private readonly HashSet<long> _seen = new();
    private readonly ConcurrentQueue<InstrumentRow> _pending = new();

    /// <summary>Stager thread: records the event's instrument if it is new.</summary>
    public void Observe(in EventHeader header)
    {
        if (header.Instrument.Value != 0 && _seen.Add(header.Instrument.Value))
        {
            _pending.Enqueue(InstrumentRow.From(in header));
        }
    }

    /// <summary>Host: records (or updates) an instrument's symbol and scales.</summary>
    public void Register(InstrumentId instrument, string? symbol, byte priceDecimals, byte quantityDecimals) =>
        _pending.Enqueue(new InstrumentRow(instrument, priceDecimals, quantityDecimals, 0, -1, symbol));

    /// <summary>Writer threads: takes the pending rows.</summary>
    internal List<InstrumentRow>? Drain()
    {
        if (_pending.IsEmpty)
        {
            return null;
        }

        var rows = new List<InstrumentRow>();
        while (_pending.TryDequeue(out InstrumentRow? row))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Puts rows back after a failed transaction.</summary>
    internal void Requeue(List<InstrumentRow> rows)
    {
        foreach (InstrumentRow row in rows)
        {
            _pending.Enqueue(row);
        }
    }
}
