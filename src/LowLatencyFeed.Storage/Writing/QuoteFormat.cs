using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.quotes</c>.</summary>
internal readonly struct QuoteFormat : ITableFormat<QuoteRow>
{
    public static StorageStream Stream => StorageStream.Quotes;

    public static string Columns =>
        "time, instrument_id, seq, receive_time, bid_price, bid_quantity, ask_price, ask_quantity, bid_orders, ask_orders, update_id";

    public static short FieldCount => 11;

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in QuoteRow row) => row.Header.Sequence;

    public static long TimeNs(in QuoteRow row) => row.Header.ExchangeTimeNs;

    public static void Write(BinaryCopyBuffer w, in QuoteRow row)
    {
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        w.Timestamp(row.Header.ExchangeTimeNs);
        w.Bigint(row.Header.Instrument.Value);
        w.Bigint(row.Header.Sequence);
        w.Timestamp(row.Header.ReceiveTimeNs);
        w.Numeric(row.Quote.BidPrice, pd);
        w.Numeric(row.Quote.BidQuantity, qd);
        w.Numeric(row.Quote.AskPrice, pd);
        w.Numeric(row.Quote.AskQuantity, qd);
        w.Integer(row.Quote.BidOrders);
        w.Integer(row.Quote.AskOrders);
        w.Bigint(row.Quote.UpdateId);
    }
}
