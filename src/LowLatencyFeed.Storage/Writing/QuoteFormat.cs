using LowLatencyFeed.Storage.Staging;
using Npgsql;

namespace LowLatencyFeed.Storage.Writing;

/// <summary><c>llfeed.quotes</c>.</summary>
internal readonly struct QuoteFormat : ITableFormat<QuoteRow>
{
    public static StorageStream Stream => StorageStream.Quotes;

    public static string Columns =>
        "time, instrument_id, seq, receive_time, bid_price, bid_quantity, ask_price, ask_quantity, bid_orders, ask_orders, update_id";

    public static string? DistinctOn => null;

    public static string? Conflict => null;

    public static long Sequence(in QuoteRow row) => row.Header.Sequence;

    public static long TimeNs(in QuoteRow row) => row.Header.ExchangeTimeNs;

    public static void Write(NpgsqlBinaryImporter w, in QuoteRow row)
    {
        int pd = row.Header.PriceDecimals;
        int qd = row.Header.QuantityDecimals;
        Pg.Timestamp(w, row.Header.ExchangeTimeNs);
        Pg.Bigint(w, row.Header.Instrument.Value);
        Pg.Bigint(w, row.Header.Sequence);
        Pg.Timestamp(w, row.Header.ReceiveTimeNs);
        Pg.Numeric(w, row.Quote.BidPrice, pd);
        Pg.Numeric(w, row.Quote.BidQuantity, qd);
        Pg.Numeric(w, row.Quote.AskPrice, pd);
        Pg.Numeric(w, row.Quote.AskQuantity, qd);
        Pg.Integer(w, row.Quote.BidOrders);
        Pg.Integer(w, row.Quote.AskOrders);
        Pg.Bigint(w, row.Quote.UpdateId);
    }
}
