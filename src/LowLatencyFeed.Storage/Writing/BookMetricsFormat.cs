using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.book_metrics</c>: upserted (a re-emitted sample is identical, so DO NOTHING).</summary>
internal readonly struct BookMetricsFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.BookMetrics;

    public static string Columns =>
        "time, instrument_id, seq, best_bid, best_ask, best_bid_qty, best_ask_qty, spread, mid, microprice, bid_quantity, ask_quantity, " +
        "bid_levels, ask_levels, imbalance, window_depth, window_imbalance, flags";

    public static short FieldCount => 18;

    public static string? DistinctOn => null;

    public static string? Conflict => "(instrument_id, time, seq) DO NOTHING";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Header.SourceExchangeTimeNs;

    public static void Write(BinaryCopyBuffer w, in DerivedEvent row)
    {
        ref readonly BookMetricsValues m = ref row.Metrics;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        bool bids = m.BidLevels > 0;
        bool asks = m.AskLevels > 0;
        bool both = bids && asks;
        w.Timestamp(row.Header.SourceExchangeTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Bigint(row.Header.SourceSequence);
        w.NumericOrNull(bids, m.BestBid, pd);
        w.NumericOrNull(asks, m.BestAsk, pd);
        w.NumericOrNull(bids, m.BestBidQuantity, qd);
        w.NumericOrNull(asks, m.BestAskQuantity, qd);
        w.NumericOrNull(both, m.Spread, pd);
        w.NumericOrNull(both, m.Mid, pd + 1);
        w.NumericOrNull(both, m.MicropriceMantissa, pd);
        w.Numeric(m.TotalBidQuantity, qd);
        w.Numeric(m.TotalAskQuantity, qd);
        w.Integer(m.BidLevels);
        w.Integer(m.AskLevels);
        long total = m.TotalBidQuantity + m.TotalAskQuantity;
        w.Double(total == 0 ? 0.0 : (double)(m.TotalBidQuantity - m.TotalAskQuantity) / total);
        if (m.WindowCount > 0)
        {
            w.Integer(m.Windows[0].Depth);
            w.Double(m.Windows[0].Imbalance);
        }
        else
        {
            w.Null();
            w.Null();
        }

        w.Integer((int)row.Header.Flags);
    }
}
