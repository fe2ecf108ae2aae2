using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Tests.Support;

namespace LowLatencyFeed.Storage.Tests.Schema;

/// <summary>
/// Feeds trades (prices at 2 decimals) through the bar stage, stores its 1-minute bars in <c>llfeed.bars</c> and keeps
/// its own hourly and daily bars as rows (<c>instrument|start|open|high|low|close|volume|trades</c>) to compare with the
/// database's roll-ups read by <see cref="RollupQuery"/>.
/// </summary>
internal sealed class StageRollupRig
{
    private const long Second = 1_000_000_000L;
    private readonly DerivedEventBuffer _sink = new(4096);
    private long _sequence;

    public StageRollupRig(Func<InstrumentId, TradingSession>? sessions = null) =>
        Aggregator = new BarAggregator(
            new BarOptions
            {
                Timeframes = [BarTimeframe.Minutes(1), BarTimeframe.Hours(1), BarTimeframe.Day()],
                ClockCloseDelay = TimeSpan.Zero,
                SessionResolver = sessions ?? TradingSession.ForInstrument,
            },
            _sink);

    public BarAggregator Aggregator { get; }

    public List<string> Hourly { get; } = [];

    public List<string> Daily { get; } = [];

    public void Trade(InstrumentId instrument, DateTimeOffset time, long price, long quantity)
    {
        MarketEvent e = default;
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = 2;
        e.Header.SessionId = 1;
        e.Header.ExchangeTimeNs = time.ToUnixTimeMilliseconds() * 1_000_000;
        e.Header.ReceiveTimeNs = e.Header.ExchangeTimeNs + 1000;
        e.Header.Sequence = ++_sequence;
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        Aggregator.OnEvent(in e);
    }

    /// <summary>Closes every open bar, stores the 1-minute bars and collects the hourly and daily ones.</summary>
    public void FlushAndStore(string connectionString)
    {
        MarketEvent clock = default;
        clock.Header.Kind = EventKind.Clock;
        clock.Header.Sequence = ++_sequence;
        Aggregator.FlushOpenBars(in clock.Header);

        var minuteRows = new List<string>();
        foreach (DerivedEvent bar in _sink.Events)
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
                Hourly.Add(row);
            }
            else
            {
                Daily.Add(row);
            }
        }

        Db.Execute(connectionString, "INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags) VALUES " + string.Join(",", minuteRows));
    }

    public static string RollupQuery(string view, string where = "") =>
        $"SELECT instrument_id || '|' || extract(epoch FROM time)::bigint || '|' || (open * 100)::bigint || '|' || (high * 100)::bigint || '|' || (low * 100)::bigint || '|' || (close * 100)::bigint || '|' || volume::bigint || '|' || trade_count FROM llfeed.{view} {where} ORDER BY instrument_id, time";

    public static List<string> Sorted(List<string> rows) =>
        [.. rows.OrderBy(r => long.Parse(r.Split('|')[0], CultureInfo.InvariantCulture)).ThenBy(r => long.Parse(r.Split('|')[1], CultureInfo.InvariantCulture))];

    public static string Row(long instrument, long start, params long[] values) =>
        string.Join("|", [instrument.ToString(CultureInfo.InvariantCulture), start.ToString(CultureInfo.InvariantCulture), .. values.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
}
