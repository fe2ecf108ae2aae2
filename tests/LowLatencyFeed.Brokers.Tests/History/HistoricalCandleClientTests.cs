using LowLatencyFeed.Brokers.History;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Brokers.Tests.History;

/// <summary>
/// Each broker's historical candle client against the simulator's candle routes over HTTP on 127.0.0.1: the candles
/// arrive in fixed point exactly as the simulator drew them (its generator is the independent expectation, the wire in
/// between is the broker's format), range limits and HTTP 429 answered as the brokers answer them, bad candles counted.
/// </summary>
public sealed class HistoricalCandleClientTests
{
    internal static readonly SimulatedInstrument Reliance = new(408065, 150_000, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Kite);
    internal static readonly SimulatedInstrument HdfcBank = new(1333, 180_000, PriceDecimals: 2, TickSize: 5, Feed: FeedKind.Dhan, Segment: "NSE_EQ");
    internal static readonly SimulatedInstrument BtcUsdt = new(77, 6_500_000, PriceDecimals: 2, TickSize: 1, Feed: FeedKind.Binance, Symbol: "BTCUSDT", QuantityDecimals: 5, LotSize: 100);

    // Monday 2026-03-02, 09:15 IST = 03:45 UTC.
    private static readonly DateTimeOffset s_open = new(2026, 3, 2, 3, 45, 0, TimeSpan.Zero);

    [Fact]
    public async Task Kite_minute_candles_arrive_in_fixed_point_exactly_as_the_simulator_drew_them()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient();
        var client = new KiteHistoricalClient(http, Root(sim, "kite"), new TokenBucket(100), "key", "access");
        var buffer = new CandleBuffer(8);

        await client.FetchAsync(Instrument(Reliance, BrokerKind.Kite), 60, s_open, s_open.AddHours(1), buffer, CancellationToken.None);
        AssertCandles(Reliance, 60, s_open, 60, buffer);

        // Before the session there are none: 08:00–09:20 IST holds 09:15 … 09:19.
        await client.FetchAsync(Instrument(Reliance, BrokerKind.Kite), 60, s_open.AddMinutes(-75), s_open.AddMinutes(5), buffer, CancellationToken.None);
        AssertCandles(Reliance, 60, s_open, 5, buffer);

        // Day candles sit on IST midnight: Mon–Fri of that week, not the weekend.
        DateTimeOffset mondayIst = new(2026, 3, 2, 0, 0, 0, TimeSpan.FromMinutes(330));
        await client.FetchAsync(Instrument(Reliance, BrokerKind.Kite), 86_400, mondayIst, mondayIst.AddDays(7), buffer, CancellationToken.None);
        Assert.Equal(5, buffer.Count);
        Assert.Equal(mondayIst.AddDays(4).ToUnixTimeMilliseconds() * 1_000_000, buffer.Span[4].StartTimeNs);
        Assert.Equal(0, client.Rejected);
    }

    [Fact]
    public async Task Dhan_intraday_and_daily_candles_arrive_as_drawn_from_parallel_arrays()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient();
        var client = new DhanHistoricalClient(http, Root(sim, "dhan"), new TokenBucket(100), "jwt", "1000000001");
        var buffer = new CandleBuffer();

        await client.FetchAsync(Instrument(HdfcBank, BrokerKind.Dhan), 300, s_open, s_open.AddHours(2), buffer, CancellationToken.None);
        AssertCandles(HdfcBank, 300, s_open, 24, buffer);

        DateTimeOffset mondayIst = new(2026, 3, 2, 0, 0, 0, TimeSpan.FromMinutes(330));
        await client.FetchAsync(Instrument(HdfcBank, BrokerKind.Dhan), 86_400, mondayIst, mondayIst.AddDays(14), buffer, CancellationToken.None);
        Assert.Equal(10, buffer.Count);
        SimulatedCandle friday = SimulatedHistoricalCandles.Candle(HdfcBank, mondayIst.AddDays(11).ToUnixTimeSeconds(), 86_400);
        Assert.Equal(friday.Close, buffer.Span[9].Close);
    }

    [Fact]
    public async Task Binance_klines_carry_quote_volume_and_trade_count_and_a_page_holds_a_thousand()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient();
        var client = new BinanceHistoricalClient(http, Root(sim, "binance"), new TokenBucket(100));
        var buffer = new CandleBuffer();
        DateTimeOffset from = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        HistoryInstrument btc = Instrument(BtcUsdt, BrokerKind.Binance);

        await client.FetchAsync(btc, 60, from, from + client.MaxSpan(60), buffer, CancellationToken.None);
        AssertCandles(BtcUsdt, 60, from, 1000, buffer);
        for (int i = 0; i < buffer.Count; i++)
        {
            SimulatedCandle c = SimulatedHistoricalCandles.Candle(BtcUsdt, from.AddMinutes(i).ToUnixTimeSeconds(), 60);
            Assert.Equal(c.Turnover, buffer.Span[i].Turnover);
            Assert.Equal(c.Trades, buffer.Span[i].TradeCount);
        }

        // 3 BTC at 0.001 a lot is 300 lots … the volume mantissa is at 5 decimals.
        Assert.Equal(SimulatedHistoricalCandles.Candle(BtcUsdt, from.ToUnixTimeSeconds(), 60).Volume, buffer.Span[0].Volume);
    }

    [Fact]
    public async Task A_request_wider_than_the_brokers_span_is_refused_in_the_brokers_words()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient();
        var kite = new KiteHistoricalClient(http, Root(sim, "kite"), new TokenBucket(100));
        var dhan = new DhanHistoricalClient(http, Root(sim, "dhan"), new TokenBucket(100));
        var buffer = new CandleBuffer();

        var tooWide = await Assert.ThrowsAsync<HistoricalDataException>(() =>
            kite.FetchAsync(Instrument(Reliance, BrokerKind.Kite), 60, s_open, s_open.AddDays(61), buffer, CancellationToken.None));
        Assert.Contains("60 days", tooWide.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(60), kite.MaxSpan(60));

        var dhanWide = await Assert.ThrowsAsync<HistoricalDataException>(() =>
            dhan.FetchAsync(Instrument(HdfcBank, BrokerKind.Dhan), 60, s_open, s_open.AddDays(91), buffer, CancellationToken.None));
        Assert.Contains("90 days", dhanWide.Message, StringComparison.Ordinal);

        // Exactly the span is served.
        await kite.FetchAsync(Instrument(Reliance, BrokerKind.Kite), 60, s_open, s_open + kite.MaxSpan(60), buffer, CancellationToken.None);
        Assert.True(buffer.Count > 1000);
    }

    [Fact]
    public async Task Http_429_slows_the_client_down_and_every_candle_still_arrives()
    {
        await using var sim = await StartAsync(new Dictionary<string, int> { ["kite"] = 1, ["binance"] = 1 });
        using var http = new HttpClient();
        var kite = new KiteHistoricalClient(http, Root(sim, "kite"), new TokenBucket(1000, capacity: 1000)) { InitialBackoff = TimeSpan.FromMilliseconds(100) };
        var binance = new BinanceHistoricalClient(http, Root(sim, "binance"), new TokenBucket(1000, capacity: 1000));
        var buffer = new CandleBuffer();

        // The first two Kite requests and the first Binance request are refused whatever the machine's speed; more may
        // be, when requests come faster than one a second.
        sim.HistoricalCandles.RejectNext("kite", 2);
        sim.HistoricalCandles.RejectNext("binance", 1);
        for (int i = 0; i < 4; i++)
        {
            DateTimeOffset from = s_open.AddMinutes(30 * i);
            await kite.FetchAsync(Instrument(Reliance, BrokerKind.Kite), 60, from, from.AddMinutes(30), buffer, CancellationToken.None);
            AssertCandles(Reliance, 60, from, 30, buffer);
            await binance.FetchAsync(Instrument(BtcUsdt, BrokerKind.Binance), 60, from, from.AddMinutes(30), buffer, CancellationToken.None);
            AssertCandles(BtcUsdt, 60, from, 30, buffer);
        }

        // The simulator refused some requests, the clients waited and retried, and counted each refusal.
        Assert.True(sim.HistoricalCandles.RateLimited("kite") >= 2, "the simulator answered 429 fewer times than forced");
        Assert.True(sim.HistoricalCandles.RateLimited("binance") >= 1, "the simulator answered 429 fewer times than forced");
        Assert.Equal(sim.HistoricalCandles.RateLimited("kite"), kite.RateLimited);
        Assert.Equal(sim.HistoricalCandles.RateLimited("binance"), binance.RateLimited);
        Assert.Equal(4 + kite.RateLimited, kite.Requests);
    }

    [Fact]
    public async Task Candles_with_high_below_low_or_negative_volume_are_rejected_and_counted()
    {
        long bad1 = s_open.AddMinutes(3).ToUnixTimeSeconds();
        long bad2 = s_open.AddMinutes(7).ToUnixTimeSeconds();
        await using var sim = await StartAsync(highBelowLow: [bad1], negativeVolume: [bad2]);
        using var http = new HttpClient();
        foreach (HistoricalCandleClient client in new HistoricalCandleClient[]
        {
            new KiteHistoricalClient(http, Root(sim, "kite"), new TokenBucket(100)),
            new DhanHistoricalClient(http, Root(sim, "dhan"), new TokenBucket(100)),
            new BinanceHistoricalClient(http, Root(sim, "binance"), new TokenBucket(100)),
        })
        {
            SimulatedInstrument instrument = client.Broker switch { BrokerKind.Kite => Reliance, BrokerKind.Dhan => HdfcBank, _ => BtcUsdt };
            var buffer = new CandleBuffer();
            await client.FetchAsync(Instrument(instrument, client.Broker), 60, s_open, s_open.AddMinutes(10), buffer, CancellationToken.None);
            Assert.Equal(8, buffer.Count);
            Assert.DoesNotContain(buffer.Span.ToArray(), c => c.StartTimeNs / 1_000_000_000 == bad1 || c.StartTimeNs / 1_000_000_000 == bad2);
            Assert.Equal(1, client.RejectedHighBelowLow);
            Assert.Equal(1, client.RejectedNegativeVolume);
        }
    }

    [Fact]
    public void A_range_beyond_the_brokers_history_or_an_interval_that_straddles_the_bars_is_a_usage_error()
    {
        using var http = new HttpClient();
        var now = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var kite = new KiteHistoricalClient(http, new Uri("http://127.0.0.1:9/"), new TokenBucket(1));
        var dhan = new DhanHistoricalClient(http, new Uri("http://127.0.0.1:9/"), new TokenBucket(1));

        var early = Assert.Throws<HistoricalDataException>(() => kite.Validate(60, new DateTimeOffset(2014, 6, 1, 0, 0, 0, TimeSpan.Zero), now));
        Assert.True(early.IsUsageError);
        Assert.Contains("Kite keeps 60 s candles back to 2014-12-31 18:30 UTC", early.Message, StringComparison.Ordinal);
        kite.Validate(86_400, new DateTimeOffset(2014, 6, 1, 0, 0, 0, TimeSpan.Zero), now);

        var old = Assert.Throws<HistoricalDataException>(() => dhan.Validate(300, now.AddYears(-6), now));
        Assert.Contains("last 5 years", old.Message, StringComparison.Ordinal);
        dhan.Validate(300, now.AddYears(-4), now);

        var straddles = Assert.Throws<HistoricalDataException>(() => kite.Validate(1800, now.AddDays(-1), now));
        Assert.Contains("start at 09:15 IST", straddles.Message, StringComparison.Ordinal);
    }

    internal static HistoryInstrument Instrument(SimulatedInstrument instrument, BrokerKind broker) =>
        new(broker, instrument.Token, instrument.Symbol, instrument.Segment, instrument.PriceDecimals, instrument.QuantityDecimals);

    internal static Uri Root(SimulatorServer sim, string broker) => new(sim.HttpBaseUri, $"rest/{broker}/");

    internal static Task<SimulatorServer> StartAsync(Dictionary<string, int>? rates = null, long[]? highBelowLow = null, long[]? negativeVolume = null) =>
        SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Instruments = [Reliance, HdfcBank, BtcUsdt],
                HistoricalCandles = new SimulatedHistoricalCandles
                {
                    Instruments = [Reliance, HdfcBank, BtcUsdt],
                    RequestsPerSecond = rates ?? [],
                    HighBelowLowAt = new HashSet<long>(highBelowLow ?? []),
                    NegativeVolumeAt = new HashSet<long>(negativeVolume ?? []),
                },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);

    private static void AssertCandles(SimulatedInstrument instrument, int timeframe, DateTimeOffset from, int count, CandleBuffer buffer)
    {
        Assert.Equal(count, buffer.Count);
        for (int i = 0; i < count; i++)
        {
            long start = from.ToUnixTimeSeconds() + ((long)i * timeframe);
            SimulatedCandle expected = SimulatedHistoricalCandles.Candle(instrument, start, timeframe);
            HistoricalCandle actual = buffer.Span[i];
            Assert.Equal(start * 1_000_000_000L, actual.StartTimeNs);
            Assert.Equal(
                (expected.Open, expected.High, expected.Low, expected.Close, expected.Volume),
                (actual.Open, actual.High, actual.Low, actual.Close, actual.Volume));
        }
    }
}
