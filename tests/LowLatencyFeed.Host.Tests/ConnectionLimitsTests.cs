using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Tests;

public class ConnectionLimitsTests
{
    [Fact]
    public void Dhan_20_level_depth_is_split_50_instruments_per_connection_in_order()
    {
        var subscriptions = Subscriptions(120, SubscriptionMode.Depth20);
        var chunks = ConnectionLimits.Split("dhan-depth20", subscriptions);
        Assert.Equal([50, 50, 20], chunks.Select(c => c.Count));
        Assert.Equal(subscriptions, chunks.SelectMany(c => c));
    }

    [Fact]
    public void Dhan_200_level_depth_gets_one_connection_per_instrument_and_more_than_five_is_a_config_error()
    {
        Assert.Equal(3, ConnectionLimits.Split("dhan-depth200", Subscriptions(3, SubscriptionMode.Depth200)).Count);

        var options = new FeedHostOptions();
        var feed = new FeedOptions { Name = "deep", Protocol = "dhan-depth200", Url = "wss://full-depth-api.dhan.co/twohundreddepth" };
        for (int i = 1; i <= 6; i++)
        {
            feed.Instruments.Add(new InstrumentOptions { Token = i, Segment = "NSE_EQ", Mode = SubscriptionMode.Depth200 });
        }

        options.Feeds.Add(feed);
        var errors = FeedHostOptionsValidator.Validate(options, requireFeeds: true);
        Assert.Contains("Feeds:0:Instruments: 6 instruments need 6 dhan-depth200 connections of at most 1 each, but the broker allows 5", errors);
    }

    [Fact]
    public void Binance_connections_are_filled_by_stream_count_up_to_1024()
    {
        var subscriptions = new List<Subscription>();
        for (int i = 0; i < 400; i++)
        {
            subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Binance, i + 1), $"sym{i}usdt", "", SubscriptionMode.Full, 8, 8));
        }

        int perInstrument = ConnectionLimits.Weight("binance", subscriptions[0]);
        var chunks = ConnectionLimits.Split("binance", subscriptions);
        Assert.All(chunks, chunk => Assert.True(chunk.Count * perInstrument <= 1024));
        Assert.Equal((int)Math.Ceiling(400.0 / (1024 / perInstrument)), chunks.Count);
    }

    [Fact]
    public void Kotak_hsm_counts_topics_and_more_than_3000_is_a_config_error()
    {
        // 1500 scrips in Full mode are 3000 topics (a quote and a depth topic each): exactly one connection's worth.
        var feed = new FeedOptions { Name = "hsm", Protocol = "kotak-hsm", Url = "wss://mlhsm.kotaksecurities.com" };
        for (int i = 1; i <= 1500; i++)
        {
            feed.Instruments.Add(new InstrumentOptions { Token = i, Symbol = $"nse_cm|{i}", Mode = SubscriptionMode.Full });
        }

        var options = new FeedHostOptions();
        options.Feeds.Add(feed);
        Assert.Empty(FeedHostOptionsValidator.Validate(options, requireFeeds: true));

        var full = new Subscription(InstrumentId.From(FeedKind.Kotak, 1), "nse_cm|1", "", SubscriptionMode.Full, 2, 0);
        var index = new Subscription(InstrumentId.From(FeedKind.Kotak, 26000), "nse_cm|Nifty 50", "", SubscriptionMode.Full, 2, 0);
        Assert.Equal(2, ConnectionLimits.Weight("kotak-hsm", full));
        Assert.Equal(1, ConnectionLimits.Weight("kotak-hsm", index));
        Assert.Equal(1, ConnectionLimits.Weight("kotak", full));
        Assert.Single(ConnectionLimits.Split("kotak-hsm", [.. Enumerable.Range(1, 1500).Select(i => full with { Instrument = InstrumentId.From(FeedKind.Kotak, i), Symbol = $"nse_cm|{i}" })]));

        // One index more is 3001 topics: refused before anything connects.
        feed.Instruments.Add(new InstrumentOptions { Token = 26000, Symbol = "nse_cm|Nifty 50", Mode = SubscriptionMode.Full });
        Assert.Contains(
            "Feeds:0:Instruments: 1501 instruments need 3001 kotak-hsm topics (a scrip in Full mode needs a quote and a depth topic), but one connection takes at most 3000",
            FeedHostOptionsValidator.Validate(options, requireFeeds: true));
    }

    private static List<Subscription> Subscriptions(int count, SubscriptionMode mode)
    {
        var list = new List<Subscription>();
        for (int i = 0; i < count; i++)
        {
            list.Add(new Subscription(InstrumentId.From(FeedKind.Dhan, 1000 + i), "", "NSE_EQ", mode, 2, 0));
        }

        return list;
    }
}
