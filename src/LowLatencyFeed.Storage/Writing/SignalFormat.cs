using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.signals</c>: upserted (DO NOTHING).</summary>
internal readonly struct SignalFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.Signals;

    public static string Columns =>
        "time, instrument_id, seq, window_depth, side, previous_side, imbalance, threshold, bid_quantity, ask_quantity, " +
        "best_bid, best_ask, condition_since, flags, model_version, confidence";

    public static short FieldCount => 16;

    public static string? DistinctOn => null;

    public static string? Conflict => "(instrument_id, time, seq, window_depth) DO NOTHING";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Header.SourceExchangeTimeNs;

    public static void Write(BinaryCopyBuffer w, in DerivedEvent row)
    {
        ref readonly SignalValues s = ref row.Signal;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        w.Timestamp(row.Header.SourceExchangeTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Bigint(row.Header.SourceSequence);
        w.Integer(s.WindowDepth);
        w.Smallint((short)s.Side);
        w.Smallint((short)s.PreviousSide);
        w.Double(s.Imbalance);
        w.Double(s.Threshold);
        w.Numeric(s.WindowBidQuantity, qd);
        w.Numeric(s.WindowAskQuantity, qd);
        w.NumericOrNull(s.BestBid != 0, s.BestBid, pd);
        w.NumericOrNull(s.BestAsk != 0, s.BestAsk, pd);
        w.Timestamp(s.ConditionSinceNs);
        w.Integer((int)row.Header.Flags);
        w.BigintOrNull(s.ModelVersion != 0, s.ModelVersion);
        if (s.ModelVersion != 0)
        {
            w.Double(s.Confidence);
        }
        else
        {
            w.Null();
        }
    }
}
