using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// <c>llfeed.bars</c>: upserted, so a revised or re-emitted bar replaces its row. A live bar replaces a backfilled one
/// only when it is complete (not gap-affected or partial): the rule of the Storage README's "Backfill" section, which
/// makes the stored row the same whichever of the two was written first.
/// </summary>
internal readonly struct BarFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.Bars;

    public static string Columns =>
        "time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags";

    public static short FieldCount => 13;

    public static string? DistinctOn => "instrument_id, timeframe_seconds, time";

    public static string? Conflict =>
        "(instrument_id, timeframe_seconds, time) DO UPDATE SET seq = EXCLUDED.seq, open = EXCLUDED.open, high = EXCLUDED.high, " +
        "low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, turnover = EXCLUDED.turnover, vwap = EXCLUDED.vwap, " +
        "trade_count = EXCLUDED.trade_count, flags = EXCLUDED.flags, source = 'live' " +
        "WHERE llfeed.bars.source = 'live' OR (EXCLUDED.flags & 9) = 0"; // 9 = IncompleteFlags

    /// <summary>Flags of a live bar that a broker's candle may replace: gap-affected or partial.</summary>
    public const int IncompleteFlags = (int)(DerivedFlags.GapAffected | DerivedFlags.Partial);

    /// <summary>The <c>flags</c> of a live bar a broker's candle may replace, as SQL (9 = <see cref="IncompleteFlags"/>).</summary>
    public const string IncompleteFlagsSql = "9";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Bar.StartTimeNs;

    public static void Write(BinaryCopyBuffer w, in DerivedEvent row)
    {
        ref readonly BarValues b = ref row.Bar;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        w.Timestamp(b.StartTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Integer((int)(b.TimeframeNs / UnixTime.NanosPerSecond));
        w.Bigint(row.Header.SourceSequence);
        w.Numeric(b.Open, pd);
        w.Numeric(b.High, pd);
        w.Numeric(b.Low, pd);
        w.Numeric(b.Close, pd);
        w.Numeric(b.Volume, qd);
        w.Numeric(b.Turnover, pd + qd);
        w.NumericOrNull(b.Volume != 0, b.Vwap, pd);
        w.Integer((int)b.TradeCount);
        w.Integer((int)row.Header.Flags);
    }
}
