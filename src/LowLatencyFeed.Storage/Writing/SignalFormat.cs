using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.signals</c>: upserted (DO NOTHING).</summary>
internal readonly struct SignalFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.Signals;

    public static string Columns =>
        "time, instrument_id, seq, window_depth, side, previous_side, imbalance, threshold, bid_quantity, ask_quantity, " +
        "best_bid, best_ask, condition_since, flags";

    public static string? DistinctOn => null;

    public static string? Conflict => "(instrument_id, time, seq, window_depth) DO NOTHING";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Header.SourceExchangeTimeNs;

    public static void Write(NpgsqlBinaryImporter w, in DerivedEvent row)
    {
        ref readonly SignalValues s = ref row.Signal;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        Pg.Timestamp(w, row.Header.SourceExchangeTimeNs);
        Pg.Bigint(w, row.Header.Instrument.Value);
        Pg.Bigint(w, row.Header.SourceSequence);
        Pg.Integer(w, s.WindowDepth);
        Pg.Smallint(w, (short)s.Side);
        Pg.Smallint(w, (short)s.PreviousSide);
        Pg.Double(w, s.Imbalance);
        Pg.Double(w, s.Threshold);
        Pg.Numeric(w, s.WindowBidQuantity, qd);
        Pg.Numeric(w, s.WindowAskQuantity, qd);
        Pg.NumericOrNull(w, s.BestBid != 0, s.BestBid, pd);
        Pg.NumericOrNull(w, s.BestAsk != 0, s.BestAsk, pd);
        Pg.Timestamp(w, s.ConditionSinceNs);
        Pg.Integer(w, (int)row.Header.Flags);
    }
}
