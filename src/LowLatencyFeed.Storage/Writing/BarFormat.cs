using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.bars</c>: upserted, so a revised or re-emitted bar replaces its row.</summary>
internal readonly struct BarFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.Bars;

    public static string Columns =>
        "time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags";

    public static string? DistinctOn => "instrument_id, timeframe_seconds, time";

    public static string? Conflict =>
        "(instrument_id, timeframe_seconds, time) DO UPDATE SET seq = EXCLUDED.seq, open = EXCLUDED.open, high = EXCLUDED.high, " +
        "low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, turnover = EXCLUDED.turnover, vwap = EXCLUDED.vwap, " +
        "trade_count = EXCLUDED.trade_count, flags = EXCLUDED.flags";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Bar.StartTimeNs;

    public static void Write(NpgsqlBinaryImporter w, in DerivedEvent row)
    {
        ref readonly BarValues b = ref row.Bar;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        Pg.Timestamp(w, b.StartTimeNs);
        Pg.Bigint(w, row.Header.Instrument.Value);
        Pg.Integer(w, (int)(b.TimeframeNs / UnixTime.NanosPerSecond));
        Pg.Bigint(w, row.Header.SourceSequence);
        Pg.Numeric(w, b.Open, pd);
        Pg.Numeric(w, b.High, pd);
        Pg.Numeric(w, b.Low, pd);
        Pg.Numeric(w, b.Close, pd);
        Pg.Numeric(w, b.Volume, qd);
        Pg.Numeric128(w, b.Turnover, pd + qd);
        Pg.NumericOrNull(w, b.Volume != 0, b.Vwap, pd);
        Pg.Integer(w, (int)b.TradeCount);
        Pg.Integer(w, (int)row.Header.Flags);
    }
}
