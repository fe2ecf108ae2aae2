using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.book_metrics</c>: upserted (a re-emitted sample is identical, so DO NOTHING).</summary>
internal readonly struct BookMetricsFormat : ITableFormat<DerivedEvent>
{
    public static StorageStream Stream => StorageStream.BookMetrics;

    public static string Columns =>
        "time, instrument_id, seq, best_bid, best_ask, best_bid_qty, best_ask_qty, spread, mid, microprice, bid_quantity, ask_quantity, " +
        "bid_levels, ask_levels, imbalance, window_depth, window_imbalance, flags";

    public static string? DistinctOn => null;

    public static string? Conflict => "(instrument_id, time, seq) DO NOTHING";

    public static long Sequence(in DerivedEvent row) => row.Header.SourceSequence;

    public static long TimeNs(in DerivedEvent row) => row.Header.SourceExchangeTimeNs;

    public static void Write(NpgsqlBinaryImporter w, in DerivedEvent row)
    {
        ref readonly BookMetricsValues m = ref row.Metrics;
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        bool bids = m.BidLevels > 0;
        bool asks = m.AskLevels > 0;
        bool both = bids && asks;
        Pg.Timestamp(w, row.Header.SourceExchangeTimeNs);
        Pg.Bigint(w, row.Header.Instrument.Value);
        Pg.Bigint(w, row.Header.SourceSequence);
        Pg.NumericOrNull(w, bids, m.BestBid, pd);
        Pg.NumericOrNull(w, asks, m.BestAsk, pd);
        Pg.NumericOrNull(w, bids, m.BestBidQuantity, qd);
        Pg.NumericOrNull(w, asks, m.BestAskQuantity, qd);
        Pg.NumericOrNull(w, both, m.Spread, pd);
        Pg.NumericOrNull(w, both, m.Mid, pd + 1);
        Pg.NumericOrNull(w, both, m.MicropriceMantissa, pd);
        Pg.Numeric(w, m.TotalBidQuantity, qd);
        Pg.Numeric(w, m.TotalAskQuantity, qd);
        Pg.Integer(w, m.BidLevels);
        Pg.Integer(w, m.AskLevels);
        long total = m.TotalBidQuantity + m.TotalAskQuantity;
        Pg.Double(w, total == 0 ? 0.0 : (double)(m.TotalBidQuantity - m.TotalAskQuantity) / total);
        if (m.WindowCount > 0)
        {
            Pg.Integer(w, m.Windows[0].Depth);
            Pg.Double(w, m.Windows[0].Imbalance);
        }
        else
        {
            w.WriteNull();
            w.WriteNull();
        }

        Pg.Integer(w, (int)row.Header.Flags);
    }
}
