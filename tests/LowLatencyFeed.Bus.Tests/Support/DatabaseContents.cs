using System.Globalization;
using LowLatencyFeed.Core.Events;
using Npgsql;
using static LowLatencyFeed.Storage.Verification.DatabaseRows;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>
/// Value-by-value comparison of the market tables with journal events: every column but <c>seq</c> (a consumer host
/// numbers rows with its own journal's sequences), rows in <c>seq</c> order. Times are compared in microseconds (the
/// database's resolution), prices and quantities as exact decimals.
/// </summary>
/// <remarks>
/// Reads and formats rows with <see cref="LowLatencyFeed.Storage.Verification.DatabaseRows"/>, as the shared
/// <c>DatabaseVerifier</c> does; it differs only in leaving out <c>seq</c>.
/// </remarks>
internal static class DatabaseContents
{
    public static async Task<Dictionary<string, List<string>>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new Dictionary<string, List<string>>
        {
            ["ticks"] = await RowsAsync(connection, $"SELECT {T("time")}, instrument_id, {T("receive_time")}, flags, fields, last_price, last_quantity, average_price, volume, total_buy_quantity, total_sell_quantity, open, high, low, close, open_interest, {T("last_trade_time")}, net_change FROM llfeed.ticks ORDER BY seq"),
            ["trades"] = await RowsAsync(connection, $"SELECT {T("time")}, instrument_id, {T("receive_time")}, price, quantity, trade_id, seller_aggressor FROM llfeed.trades ORDER BY seq"),
            ["quotes"] = await RowsAsync(connection, $"SELECT {T("time")}, instrument_id, {T("receive_time")}, bid_price, bid_quantity, ask_price, ask_quantity, bid_orders, ask_orders, update_id FROM llfeed.quotes ORDER BY seq"),
            ["depth"] = await RowsAsync(connection, $"SELECT {T("time")}, instrument_id, side, level, update_kind, price, quantity, orders FROM llfeed.depth_levels_200 ORDER BY seq, side, level"),
        };
        return tables;
    }

    /// <summary>The rows the journal events must have become.</summary>
    public static Dictionary<string, List<string>> Expected(IEnumerable<MarketRecord> records)
    {
        var tables = new Dictionary<string, List<string>> { ["ticks"] = [], ["trades"] = [], ["quotes"] = [], ["depth"] = [] };
        foreach (MarketRecord record in records)
        {
            MarketEvent e = record.Event;
            ref readonly EventHeader h = ref e.Header;
            int pd = h.PriceDecimals;
            int qd = h.QuantityDecimals;
            long time = Micros(h.ExchangeTimeNs);
            long receive = Micros(h.ReceiveTimeNs);
            long id = h.Instrument.Value;
            switch (h.Kind)
            {
                case EventKind.Tick when (e.Tick.Fields & TickFields.IsTrade) != 0:
                    tables["trades"].Add(Row(time, id, receive, Dec(e.Tick.LastPrice, pd), Dec(e.Tick.LastQuantity, qd), (e.Tick.Fields & TickFields.TradeId) != 0 ? e.Tick.TradeId : null, (h.Flags & EventFlags.SellerAggressor) != 0));
                    break;
                case EventKind.Tick:
                    TickFields f = e.Tick.Fields;
                    bool ohl = (f & TickFields.DayOhl) != 0;
                    tables["ticks"].Add(Row(
                        time, id, receive, (int)h.Flags, (int)f,
                        Opt(f, TickFields.LastPrice, e.Tick.LastPrice, pd), Opt(f, TickFields.LastQuantity, e.Tick.LastQuantity, qd),
                        Opt(f, TickFields.AveragePrice, e.Tick.AveragePrice, pd), Opt(f, TickFields.CumulativeVolume, e.Tick.CumulativeVolume, qd),
                        Opt(f, TickFields.TotalBuySell, e.Tick.TotalBuyQuantity, qd), Opt(f, TickFields.TotalBuySell, e.Tick.TotalSellQuantity, qd),
                        ohl ? Dec(e.Tick.Open, pd) : null, ohl ? Dec(e.Tick.High, pd) : null, ohl ? Dec(e.Tick.Low, pd) : null,
                        Opt(f, TickFields.Close, e.Tick.Close, pd), Opt(f, TickFields.OpenInterest, e.Tick.OpenInterest, qd),
                        (f & TickFields.LastTradeTime) != 0 ? Micros(e.Tick.LastTradeTimeNs) : null,
                        Opt(f, TickFields.NetChange, e.Tick.NetChange, pd)));
                    break;
                case EventKind.Quote:
                    ref readonly QuotePayload q = ref e.Quote;
                    tables["quotes"].Add(Row(time, id, receive, Dec(q.BidPrice, pd), Dec(q.BidQuantity, qd), Dec(q.AskPrice, pd), Dec(q.AskQuantity, qd), q.BidOrders, q.AskOrders, q.UpdateId));
                    break;
                case EventKind.Depth:
                    for (int i = 0; i < record.Bids.Length; i++)
                    {
                        tables["depth"].Add(Row(time, id, 0, i + 1, (int)e.Depth.UpdateKind, Dec(record.Bids[i].Price, pd), Dec(record.Bids[i].Quantity, qd), record.Bids[i].Orders));
                    }

                    for (int i = 0; i < record.Asks.Length; i++)
                    {
                        tables["depth"].Add(Row(time, id, 1, i + 1, (int)e.Depth.UpdateKind, Dec(record.Asks[i].Price, pd), Dec(record.Asks[i].Quantity, qd), record.Asks[i].Orders));
                    }

                    break;
            }
        }

        return tables;
    }

    /// <summary>Asserts every table equal row by row (or as sorted multisets when <paramref name="ordered"/> is false).</summary>
    public static void AssertEqual(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual, bool ordered = true)
    {
        foreach (var (table, rows) in expected)
        {
            List<string> want = rows;
            List<string> got = actual[table];
            if (!ordered)
            {
                want = [.. want.Order(StringComparer.Ordinal)];
                got = [.. got.Order(StringComparer.Ordinal)];
            }

            Assert.True(want.Count == got.Count, $"{table}: expected {want.Count} rows, found {got.Count}");
            for (int i = 0; i < want.Count; i++)
            {
                Assert.True(want[i] == got[i], $"{table} row {i}: expected\n  {want[i]}\nfound\n  {got[i]}");
            }
        }
    }
}
