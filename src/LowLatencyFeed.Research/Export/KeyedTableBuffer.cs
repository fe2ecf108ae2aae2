using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// The columns every exported table starts with: <c>time</c> (TIMESTAMP(NANOS, UTC)), <c>time_ns</c> (the exact Unix
/// nanoseconds), <c>instrument</c> (<c>Feed:Token</c>), <c>instrument_id</c> (the engine's numeric id, as the
/// database's <c>instrument_id</c>) and <c>seq</c> (the journal sequence of the source event).
/// </summary>
internal abstract class KeyedTableBuffer : TableBuffer
{
    private readonly TimestampColumn _time;
    private readonly Int64Column _timeNs;
    private readonly StringColumn _instrument;
    private readonly Int64Column _instrumentId;
    private readonly Int64Column _sequence;
    private readonly InstrumentLabels _labels;

    protected KeyedTableBuffer(int capacity, InstrumentLabels labels)
        : base(capacity)
    {
        _labels = labels;
        _time = Add(new TimestampColumn("time", capacity));
        _timeNs = Add(new Int64Column("time_ns", capacity));
        _instrument = Add(new StringColumn("instrument", capacity));
        _instrumentId = Add(new Int64Column("instrument_id", capacity));
        _sequence = Add(new Int64Column("seq", capacity));
    }

    /// <summary>Fills the key columns of the next row and returns its index; <see cref="Commit"/> keeps it.</summary>
    protected int Begin(long timeNs, InstrumentId instrument, long sequence)
    {
        int row = Count;
        _time.Set(row, timeNs);
        _timeNs.Values[row] = timeNs;
        _instrument.Values[row] = _labels.Of(instrument);
        _instrumentId.Values[row] = instrument.Value;
        _sequence.Values[row] = sequence;
        return row;
    }

    /// <summary>Keeps the row begun last (a row not committed is overwritten by the next).</summary>
    protected void Commit() => Count++;
}
