using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Schema;

/// <summary>
/// The database's hourly and daily roll-ups of the 1-minute bars agree with the bar stage's own 1-hour and 1-day bars:
/// Indian instruments anchored to the 09:15 IST open and IST days, crypto to UTC (storage migration 9), on real
/// PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionAnchoredRollupTests
{
    private const long Second = 1_000_000_000L;
    private static readonly InstrumentId s_reliance = InstrumentId.From(FeedKind.Kite, 738561);
    private static readonly InstrumentId s_btc = InstrumentId.From(FeedKind.Binance, 1);
    private readonly PostgresClusterFixture _pg;

    public SessionAnchoredRollupTests(PostgresClusterFixture pg) => _pg = pg;

    [Fact]
    public void Bars_1h_and_bars_1d_equal_the_bar_stages_hourly_and_daily_bars()
    {
        string cs = _pg.CreateDatabase("anchor");
        new Migrator(cs, new MigratorOptions { Now = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), PartitionDaysAhead = 2 }).Migrate();

        var sink = new DerivedEventBuffer(4096);
        var aggregator = new BarAggregator(
            new BarOptions { Timeframes = [BarTimeframe.Minutes(1), BarTimeframe.Hours(1), BarTimeframe.Day()], ClockCloseDelay = TimeSpan.Zero },
            sink);
        long sequence = 0;

        // NSE's Monday 5 January 2026 session, 09:15–15:30 IST, one or two trades a minute.
        DateTimeOffset nseOpen = new(2026, 1, 5, 9, 15, 0, TimeSpan.FromMinutes(330));
        for (int minute = 0; minute < 375; minute++)
        {
            Trade(aggregator, s_reliance, nseOpen.AddMinutes(minute).AddSeconds(10), 250_000 + ((minute * 37) % 101), 1 + (minute % 5), ++sequence);
            if (minute % 3 == 0)
            {
                Trade(aggregator, s_reliance, nseOpen.AddMinutes(minute).AddSeconds(40), 249_950 + ((minute * 13) % 71), 2, ++sequence);
            }
        }

        // Crypto across a UTC midnight: 22:00 on 4 January to 02:00 on 5 January.
        DateTimeOffset btcStart = new(2026, 1, 4, 22, 0, 0, TimeSpan.Zero);
        for (int minute = 0; minute < 240; minute++)
        {
            Trade(aggregator, s_btc, btcStart.AddMinutes(minute).AddSeconds(5), 9_000_000 + ((minute * 53) % 997), 1 + (minute % 3), ++sequence);
        }

        MarketEvent clock = default;
        clock.Header.Kind = EventKind.Clock;
        clock.Header.Sequence = ++sequence;
        aggregator.FlushOpenBars(in clock.Header);

        var minuteRows = new List<string>();
        var hourly = new List<string>();
        var daily = new List<string>();
        foreach (DerivedEvent bar in sink.Events)
        {
            long seconds = bar.Bar.TimeframeNs / Second;
            string row = Row(bar.Header.Instrument.Value, bar.Bar.StartTimeNs / Second, bar.Bar.Open, bar.Bar.High, bar.Bar.Low, bar.Bar.Close, bar.Bar.Volume, bar.Bar.TradeCount);
            if (seconds == 60)
            {
                minuteRows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"(to_timestamp({bar.Bar.StartTimeNs / Second}), {bar.Header.Instrument.Value}, 60, {bar.Header.SourceSequence}, {bar.Bar.Open}/100.0, {bar.Bar.High}/100.0, {bar.Bar.Low}/100.0, {bar.Bar.Close}/100.0, {bar.Bar.Volume}, {bar.Bar.Turnover}/100.0, {bar.Bar.Vwap}/100.0, {bar.Bar.TradeCount}, 0)"));
            }
            else if (seconds == 3600)
            {
                hourly.Add(row);
            }
            else
            {
                daily.Add(row);
            }
        }

        Db.Execute(cs, "INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags) VALUES " + string.Join(",", minuteRows));

        // The stage's first Indian hour is 09:15–10:15 IST (03:45 UTC) and its Indian day starts at IST midnight.
        Assert.Contains(hourly, r => r.StartsWith(Row(s_reliance.Value, nseOpen.ToUnixTimeSeconds()), StringComparison.Ordinal));
        Assert.Contains(daily, r => r.StartsWith(Row(s_reliance.Value, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.FromMinutes(330)).ToUnixTimeSeconds()), StringComparison.Ordinal));
        Assert.Equal(7, hourly.Count(r => r.StartsWith(s_reliance.Value + "|", StringComparison.Ordinal)));
        Assert.Equal(4, hourly.Count(r => r.StartsWith(s_btc.Value + "|", StringComparison.Ordinal)));
        Assert.Equal(2, daily.Count(r => r.StartsWith(s_btc.Value + "|", StringComparison.Ordinal)));

        Assert.Equal(Sorted(hourly), Db.Rows(cs, RollupQuery("bars_1h")));
        Assert.Equal(Sorted(daily), Db.Rows(cs, RollupQuery("bars_1d")));
    }

    private static string RollupQuery(string view) =>
        $"SELECT instrument_id || '|' || extract(epoch FROM time)::bigint || '|' || (open * 100)::bigint || '|' || (high * 100)::bigint || '|' || (low * 100)::bigint || '|' || (close * 100)::bigint || '|' || volume::bigint || '|' || trade_count FROM llfeed.{view} ORDER BY instrument_id, time";

    private static List<string> Sorted(List<string> rows) =>
        [.. rows.OrderBy(r => long.Parse(r.Split('|')[0], CultureInfo.InvariantCulture)).ThenBy(r => long.Parse(r.Split('|')[1], CultureInfo.InvariantCulture))];

    private static string Row(long instrument, long start, params long[] values) =>
        string.Join("|", [instrument.ToString(CultureInfo.InvariantCulture), start.ToString(CultureInfo.InvariantCulture), .. values.Select(v => v.ToString(CultureInfo.InvariantCulture))]);

    private static void Trade(BarAggregator aggregator, InstrumentId instrument, DateTimeOffset time, long price, long quantity, long sequence)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = 2;
        e.Header.SessionId = 1;
        e.Header.ExchangeTimeNs = time.ToUnixTimeMilliseconds() * 1_000_000;
        e.Header.ReceiveTimeNs = e.Header.ExchangeTimeNs + 1000;
        e.Header.Sequence = sequence;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        aggregator.OnEvent(in e);
    }
}
