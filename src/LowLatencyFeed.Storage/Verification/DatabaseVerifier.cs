using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.CatchUp;
using Npgsql;
using static LowLatencyFeed.Storage.Verification.DatabaseRows;

namespace LowLatencyFeed.Storage.Verification;

/// <summary>
/// The one database == journal comparison every crash and outage test uses: row by row on every column of ticks,
/// trades, quotes, depth, bars, book metrics, signals and indicators. Market rows are expected from the journal's events directly
/// (each event's own fields, exact decimals, times in microseconds, the journal sequence as <c>seq</c>); derived rows
/// from replaying the whole journal through fresh processing engines (the same code the live engines run), keeping the
/// last revision of each bar. Rows are compared as multisets in a canonical order, so a difference is a lost row (in
/// the journal, not the database), a duplicated one (in the database more often) or a mismatched one (same key, other
/// values).
/// </summary>
public static class DatabaseVerifier
{
    /// <summary>Tables compared, in report order.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["ticks", "trades", "quotes", "depth", "bars", "book_metrics", "signals", "indicators"];

    // Every column of each table, seq first, rendered like the rows the journal implies.
    private static readonly Dictionary<string, string> s_select = new(StringComparer.Ordinal)
    {
        ["ticks"] = $"SELECT seq, {T("time")}, instrument_id, {T("receive_time")}, flags, fields, last_price, last_quantity, average_price, volume, total_buy_quantity, total_sell_quantity, open, high, low, close, open_interest, {T("last_trade_time")}, net_change FROM llfeed.ticks",
        ["trades"] = $"SELECT seq, {T("time")}, instrument_id, {T("receive_time")}, price, quantity, trade_id, seller_aggressor FROM llfeed.trades",
        ["quotes"] = $"SELECT seq, {T("time")}, instrument_id, {T("receive_time")}, bid_price, bid_quantity, ask_price, ask_quantity, bid_orders, ask_orders, update_id FROM llfeed.quotes",
        ["depth"] = $"SELECT seq, {T("time")}, instrument_id, side, level, update_kind, price, quantity, orders FROM llfeed.depth_levels_200",
        ["bars"] = $"SELECT seq, {T("time")}, instrument_id, timeframe_seconds, open, high, low, close, volume, turnover, vwap, trade_count, flags FROM llfeed.bars",
        ["book_metrics"] = $"SELECT seq, {T("time")}, instrument_id, best_bid, best_ask, best_bid_qty, best_ask_qty, spread, mid, microprice, bid_quantity, ask_quantity, bid_levels, ask_levels, imbalance, window_depth, window_imbalance, flags FROM llfeed.book_metrics",
        ["signals"] = $"SELECT seq, {T("time")}, instrument_id, window_depth, side, previous_side, imbalance, threshold, bid_quantity, ask_quantity, best_bid, best_ask, {T("condition_since")}, flags FROM llfeed.signals",
        ["indicators"] = $"SELECT seq, {T("time")}, instrument_id, timeframe_seconds, indicator, exact_value, value, value2, value3, flags FROM llfeed.indicators",
    };

    /// <summary>
    /// Compares the database at <paramref name="connectionString"/> with the journal in <paramref name="journalDirectory"/>,
    /// in bounded memory: each table's stored rows are read ordered by <c>seq</c> over a connection of their own and merged
    /// with the rows the journal implies as they are produced (<see cref="StreamingTableComparer"/>), one sequence at a
    /// time. Only bars and indicator values are held (one row per bar key: a revised bar replaces its row, an indicator
    /// value keeps the first), to apply those rules before comparing.
    /// </summary>
    /// <param name="connectionString">The database the host wrote.</param>
    /// <param name="journalDirectory">The host's journal.</param>
    /// <param name="derivedEngines">Fresh engines configured like the live ones (null: derived tables are not compared).</param>
    public static Task<DatabaseComparison> CompareAsync(string connectionString, string journalDirectory, DerivedEngineFactory? derivedEngines) =>
        Task.Run(() => Compare(connectionString, journalDirectory, derivedEngines));

    private static DatabaseComparison Compare(string connectionString, string journalDirectory, DerivedEngineFactory? derivedEngines)
    {
        var results = new Dictionary<string, TableComparison>();
        string[] market = ["ticks", "trades", "quotes", "depth"];
        CompareStreamed(connectionString, market, results, add => ForEachMarketRow(journalDirectory, long.MaxValue, add));
        if (derivedEngines is not null)
        {
            List<string>? bars = null;
            List<string>? indicators = null;
            CompareStreamed(
                connectionString,
                ["book_metrics", "signals"],
                results,
                add => ReplayDerived(journalDirectory, derivedEngines, long.MaxValue, add, out bars, out indicators));

            // Held until the replay's end (the last revision of a bar wins), then compared in sequence order.
            CompareStreamed(connectionString, ["bars", "indicators"], results, add =>
            {
                foreach (string row in bars!.OrderBy(SeqOf))
                {
                    add("bars", row);
                }

                foreach (string row in indicators!.OrderBy(SeqOf))
                {
                    add("indicators", row);
                }
            });
        }

        var tables = new List<TableComparison>();
        foreach (string table in Tables)
        {
            if (results.TryGetValue(table, out TableComparison? comparison))
            {
                tables.Add(comparison);
            }
        }

        return new DatabaseComparison(tables);
    }

    /// <summary>Runs <paramref name="produce"/>, merging the rows it adds to each of <paramref name="tables"/> with the stored ones.</summary>
    private static void CompareStreamed(string connectionString, string[] tables, Dictionary<string, TableComparison> results, Action<Action<string, string>> produce)
    {
        var comparers = new Dictionary<string, StreamingTableComparer>(StringComparer.Ordinal);
        try
        {
            foreach (string table in tables)
            {
                comparers[table] = new StreamingTableComparer(connectionString, table, s_select[table]);
            }

            produce((table, row) => comparers[table].Add(row));
            foreach (string table in tables)
            {
                results[table] = comparers[table].Finish();
            }
        }
        finally
        {
            foreach (StreamingTableComparer comparer in comparers.Values)
            {
                comparer.Dispose();
            }
        }
    }

    private static long SeqOf(string row) => long.Parse(row.AsSpan(0, row.IndexOf('|')), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>The rows the journal must have become, per table.</summary>
    /// <param name="journalDirectory">The journal.</param>
    /// <param name="derivedEngines">Fresh engines configured like the live ones (null: no derived tables).</param>
    /// <param name="throughSequence">The last journal sequence taken (a journal still being written); default: all.</param>
    public static Dictionary<string, List<string>> Expected(string journalDirectory, DerivedEngineFactory? derivedEngines, long throughSequence = long.MaxValue)
    {
        var tables = new Dictionary<string, List<string>> { ["ticks"] = [], ["trades"] = [], ["quotes"] = [], ["depth"] = [] };
        ForEachMarketRow(journalDirectory, throughSequence, (table, row) => tables[table].Add(row));
        if (derivedEngines is not null)
        {
            tables["book_metrics"] = [];
            tables["signals"] = [];
            ReplayDerived(journalDirectory, derivedEngines, throughSequence, (table, row) => tables[table].Add(row), out List<string> bars, out List<string> indicators);
            tables["bars"] = bars;
            tables["indicators"] = indicators;
        }

        return tables;
    }

    /// <summary>Each market row the journal implies, in journal (sequence) order, as (table, row).</summary>
    private static void ForEachMarketRow(string journalDirectory, long throughSequence, Action<string, string> add)
    {
        var slabs = new DepthSlabPool(4);
        using JournalCursor cursor = JournalReader.Open(journalDirectory, new JournalReaderOptions { DepthSlabs = slabs }).Read();
        while (cursor.MoveNext() && cursor.Current.Header.Sequence <= throughSequence)
        {
            AddMarketRows(add, in cursor.Current, cursor.CurrentBids, cursor.CurrentAsks);
        }
    }

    /// <summary>What the database holds, per table, rendered like <see cref="Expected"/>.</summary>
    public static async Task<Dictionary<string, List<string>>> ReadAsync(string connectionString, bool derived = true)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new Dictionary<string, List<string>>();
        foreach (string table in Tables)
        {
            if (derived || table is "ticks" or "trades" or "quotes" or "depth")
            {
                tables[table] = await RowsAsync(connection, s_select[table]);
            }
        }

        return tables;
    }

    private static void AddMarketRows(Action<string, string> add, in MarketEvent e, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        ref readonly EventHeader h = ref e.Header;
        int pd = h.PriceDecimals;
        int qd = h.QuantityDecimals;
        long seq = h.Sequence;
        long time = Micros(h.ExchangeTimeNs);
        long receive = Micros(h.ReceiveTimeNs);
        long id = h.Instrument.Value;
        switch (h.Kind)
        {
            case EventKind.Tick when (e.Tick.Fields & TickFields.IsTrade) != 0:
                add("trades", Row(seq, time, id, receive, Dec(e.Tick.LastPrice, pd), Dec(e.Tick.LastQuantity, qd), (e.Tick.Fields & TickFields.TradeId) != 0 ? e.Tick.TradeId : null, (h.Flags & EventFlags.SellerAggressor) != 0));
                break;
            case EventKind.Tick:
                TickFields f = e.Tick.Fields;
                bool ohl = (f & TickFields.DayOhl) != 0;
                add("ticks", Row(
                    seq, time, id, receive, (int)h.Flags, (int)f,
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
                add("quotes", Row(seq, time, id, receive, Dec(q.BidPrice, pd), Dec(q.BidQuantity, qd), Dec(q.AskPrice, pd), Dec(q.AskQuantity, qd), q.BidOrders, q.AskOrders, q.UpdateId));
                break;
            case EventKind.Depth:
                for (int i = 0; i < bids.Length; i++)
                {
                    add("depth", Row(seq, time, id, 0, i + 1, (int)e.Depth.UpdateKind, Dec(bids[i].Price, pd), Dec(bids[i].Quantity, qd), bids[i].Orders));
                }

                for (int i = 0; i < asks.Length; i++)
                {
                    add("depth", Row(seq, time, id, 1, i + 1, (int)e.Depth.UpdateKind, Dec(asks[i].Price, pd), Dec(asks[i].Quantity, qd), asks[i].Orders));
                }

                break;
        }
    }

    /// <summary>
    /// Replays the journal through fresh engines: book metrics and signals go to <paramref name="add"/> as they come (in
    /// source sequence order); bars and indicator values are returned at the end, after the rules of their upserts.
    /// </summary>
    private static void ReplayDerived(string journalDirectory, DerivedEngineFactory derivedEngines, long throughSequence, Action<string, string> add, out List<string> barRows, out List<string> indicatorRows)
    {
        var buffer = new DerivedEventBuffer(4096);
        var slabs = new DepthSlabPool(1);
        IReadOnlyList<IEventHandler<MarketEvent>> engines = derivedEngines(buffer, slabs);
        foreach (IEventHandler<MarketEvent> engine in engines)
        {
            engine.OnStart();
        }

        // A revised bar replaces the stored one (upsert on instrument, timeframe, start): keep the last of each key.
        var bars = new Dictionary<(long Instrument, long Timeframe, long Start), string>();

        // Indicator values are inserted DO NOTHING on their key: the first of each key stays.
        var indicators = new Dictionary<(long Instrument, long Timeframe, string Label, long Start), string>();
        using (JournalCursor cursor = JournalReader.Open(journalDirectory, new JournalReaderOptions { DepthSlabs = slabs }).Read())
        {
            while (cursor.MoveNext() && cursor.Current.Header.Sequence <= throughSequence)
            {
                long seq = cursor.Current.Header.Sequence;
                foreach (IEventHandler<MarketEvent> engine in engines)
                {
                    MarketEvent copy = cursor.Current;
                    engine.OnEvent(ref copy, seq, endOfBatch: false);
                }

                foreach (ref readonly DerivedEvent d in buffer.Events)
                {
                    switch (d.Header.Kind)
                    {
                        case DerivedEventKind.Bar:
                            bars[(d.Header.Instrument.Value, d.Bar.TimeframeNs, d.Bar.StartTimeNs)] = BarRow(in d);
                            break;
                        case DerivedEventKind.BookMetrics:
                            add("book_metrics", MetricsRow(in d));
                            break;
                        case DerivedEventKind.Signal:
                            add("signals", SignalRow(in d));
                            break;
                        case DerivedEventKind.Indicator:
                            indicators.TryAdd((d.Header.Instrument.Value, d.Indicator.TimeframeNs, IndicatorLabels.Of(in d.Indicator), d.Indicator.BarStartTimeNs), IndicatorRow(in d));
                            break;
                    }
                }

                buffer.Clear();
            }
        }

        barRows = [.. bars.Values];
        indicatorRows = [.. indicators.Values];
    }

    private static string IndicatorRow(in DerivedEvent d)
    {
        ref readonly IndicatorValues v = ref d.Indicator;
        return Row(
            d.Header.SourceSequence, Micros(v.BarStartTimeNs), d.Header.Instrument.Value, (int)(v.TimeframeNs / 1_000_000_000L), IndicatorLabels.Of(in v),
            v.HasExact ? v.Exact : null, v.Value1, v.ValueCount >= 2 ? v.Value2 : null, v.ValueCount >= 3 ? v.Value3 : null, (int)d.Header.Flags);
    }

    private static string BarRow(in DerivedEvent d)
    {
        ref readonly BarValues b = ref d.Bar;
        int pd = d.Header.PriceDecimals;
        int qd = d.Header.QuantityDecimals;
        return Row(
            d.Header.SourceSequence, Micros(b.StartTimeNs), d.Header.Instrument.Value, (int)(b.TimeframeNs / 1_000_000_000L),
            Dec(b.Open, pd), Dec(b.High, pd), Dec(b.Low, pd), Dec(b.Close, pd), Dec(b.Volume, qd), Dec(b.Turnover, pd + qd),
            b.Volume != 0 ? Dec(b.Vwap, pd) : null, (int)b.TradeCount, (int)d.Header.Flags);
    }

    private static string MetricsRow(in DerivedEvent d)
    {
        ref readonly BookMetricsValues m = ref d.Metrics;
        int pd = d.Header.PriceDecimals;
        int qd = d.Header.QuantityDecimals;
        bool bids = m.BidLevels > 0;
        bool asks = m.AskLevels > 0;
        bool both = bids && asks;
        long total = m.TotalBidQuantity + m.TotalAskQuantity;
        return Row(
            d.Header.SourceSequence, Micros(d.Header.SourceExchangeTimeNs), d.Header.Instrument.Value,
            bids ? Dec(m.BestBid, pd) : null, asks ? Dec(m.BestAsk, pd) : null, bids ? Dec(m.BestBidQuantity, qd) : null, asks ? Dec(m.BestAskQuantity, qd) : null,
            both ? Dec(m.Spread, pd) : null, both ? Dec(m.Mid, pd + 1) : null, both ? Dec(m.MicropriceMantissa, pd) : null,
            Dec(m.TotalBidQuantity, qd), Dec(m.TotalAskQuantity, qd), m.BidLevels, m.AskLevels,
            total == 0 ? 0.0 : (double)(m.TotalBidQuantity - m.TotalAskQuantity) / total,
            m.WindowCount > 0 ? m.Windows[0].Depth : null, m.WindowCount > 0 ? m.Windows[0].Imbalance : null,
            (int)d.Header.Flags);
    }

    private static string SignalRow(in DerivedEvent d)
    {
        ref readonly SignalValues s = ref d.Signal;
        int pd = d.Header.PriceDecimals;
        int qd = d.Header.QuantityDecimals;
        return Row(
            d.Header.SourceSequence, Micros(d.Header.SourceExchangeTimeNs), d.Header.Instrument.Value, s.WindowDepth, (short)s.Side, (short)s.PreviousSide,
            s.Imbalance, s.Threshold, Dec(s.WindowBidQuantity, qd), Dec(s.WindowAskQuantity, qd),
            s.BestBid != 0 ? Dec(s.BestBid, pd) : null, s.BestAsk != 0 ? Dec(s.BestAsk, pd) : null, Micros(s.ConditionSinceNs), (int)d.Header.Flags);
    }
}
