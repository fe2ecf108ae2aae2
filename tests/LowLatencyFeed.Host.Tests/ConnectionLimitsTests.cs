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
