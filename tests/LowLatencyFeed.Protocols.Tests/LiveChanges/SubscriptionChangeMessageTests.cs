using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Dhan;
using LowLatencyFeed.Protocols.Tests.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;

namespace LowLatencyFeed.Protocols.Tests.LiveChanges;

/// <summary>
/// The messages each protocol sends to change a live connection's subscriptions, written out by hand from the broker
/// READMEs (Kite §2, Dhan §2 and §6, Kotak §3 and §7).
/// </summary>
public sealed class SubscriptionChangeMessageTests
{
    [Fact]
    public void Kite_unsubscribes_subscribes_and_sets_modes_by_group()
    {
        Subscription[] before = [Kite(408065, SubscriptionMode.Full), Kite(884737, SubscriptionMode.Quote)];
        Subscription[] after = [Kite(884737, SubscriptionMode.Ltp), Kite(256265, SubscriptionMode.Full), Kite(3861249, SubscriptionMode.Ltp)];

        IReadOnlyList<OutgoingMessage> messages = new KiteProtocol().BuildChangeMessages(before, after);

        Assert.Equal(
            [
                """{"a":"unsubscribe","v":[408065]}""",
                """{"a":"subscribe","v":[256265,3861249]}""",
                """{"a":"mode","v":["ltp",[3861249,884737]]}""",
                """{"a":"mode","v":["full",[256265]]}""",
            ],
            Texts(messages));
        Assert.All(messages, m => Assert.Equal(MessageKind.Text, m.Kind));
        Assert.Empty(new KiteProtocol().BuildChangeMessages(after, after));
    }

    [Fact]
    public void Dhan_changes_a_mode_by_unsubscribing_the_old_packets_and_subscribing_the_new()
    {
        Subscription[] before = [Dhan(1333, "NSE_EQ", SubscriptionMode.Quote), Dhan(11536, "NSE_EQ", SubscriptionMode.Ltp)];
        Subscription[] after = [Dhan(1333, "NSE_EQ", SubscriptionMode.Full), Dhan(42661, "NSE_FNO", SubscriptionMode.Ltp)];

        IReadOnlyList<OutgoingMessage> messages = new DhanProtocol().BuildChangeMessages(before, after);

        Assert.Equal(
            [
                """{"RequestCode":16,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"11536"}]}""",
                """{"RequestCode":18,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1333"}]}""",
                """{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_FNO","SecurityId":"42661"}]}""",
                """{"RequestCode":21,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1333"}]}""",
            ],
            Texts(messages));
    }

    [Fact]
    public void Dhan_depth_feeds_use_codes_23_and_24_in_their_own_form_and_keep_their_limits()
    {
        var slabs = new DepthSlabPool(4, 200);
        var twenty = new DhanDepthProtocol(SubscriptionMode.Depth20, slabs);
        Assert.Equal(
            [
                """{"RequestCode":24,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1333"}]}""",
                """{"RequestCode":23,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"11536"}]}""",
            ],
            Texts(twenty.BuildChangeMessages([Dhan(1333, "NSE_EQ", SubscriptionMode.Depth20)], [Dhan(11536, "NSE_EQ", SubscriptionMode.Depth20)])));

        var twoHundred = new DhanDepthProtocol(SubscriptionMode.Depth200, slabs);
        Assert.Equal(
            [
                """{"RequestCode":24,"ExchangeSegment":"NSE_EQ","SecurityId":"1333"}""",
                """{"RequestCode":23,"ExchangeSegment":"NSE_EQ","SecurityId":"11536"}""",
            ],
            Texts(twoHundred.BuildChangeMessages([Dhan(1333, "NSE_EQ", SubscriptionMode.Depth200)], [Dhan(11536, "NSE_EQ", SubscriptionMode.Depth200)])));
        ArgumentException error = Assert.Throws<ArgumentException>(() => twoHundred.BuildChangeMessages([], [Dhan(1, "NSE_EQ", SubscriptionMode.Depth200), Dhan(2, "NSE_EQ", SubscriptionMode.Depth200)]));
        Assert.Contains("at most 1 instrument(s) per connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kotak_sfeed_sends_unsubscribe_events_without_ack_symbol_then_subscribe_events()
    {
        Subscription[] before = [Kotak(11536, "nse_cm|11536", SubscriptionMode.Quote), Kotak(2885, "nse_cm|2885", SubscriptionMode.Ltp)];
        Subscription[] after = [Kotak(11536, "nse_cm|11536", SubscriptionMode.Full), Kotak(26000, "nse_cm|Nifty 50", SubscriptionMode.Quote)];

        IReadOnlyList<OutgoingMessage> messages = new KotakSFeedProtocol().BuildChangeMessages(before, after);

        Assert.Equal(
            [
                """{"event":"unsubscribeScripsLite","inputtoken":"nse_cm|2885"}""",
                """{"event":"unsubscribeScrips","inputtoken":"nse_cm|11536"}""",
                """{"event":"subscribeDepth","inputtoken":"nse_cm|11536","ack_symbol":true}""",
                """{"event":"subscribeIndices","inputtoken":"nse_cm|Nifty 50","ack_symbol":true}""",
            ],
            Texts(messages));
    }

    [Fact]
    public void Kotak_hsm_adds_and_removes_topics_on_the_channels_their_position_gives_them()
    {
        Subscription[] before = [Kotak(11536, "nse_cm|11536", SubscriptionMode.Full), Kotak(2885, "nse_cm|2885", SubscriptionMode.Quote)];
        Subscription[] after = [Kotak(11536, "nse_cm|11536", SubscriptionMode.Quote), Kotak(2885, "nse_cm|2885", SubscriptionMode.Quote), Kotak(1594, "nse_cm|1594", SubscriptionMode.Ltp)];

        IReadOnlyList<OutgoingMessage> messages = new KotakHsmProtocol().BuildChangeMessages(before, after);

        // Full → Quote drops the depth topic; the new scrip's quote topic is added. Both on channel 2 (first 200 topics).
        Assert.Equal(
            [
                Convert.ToHexString(KotakHsmRequestWriter.Subscription(KotakHsmMessageType.Unsubscribe, KotakHsmTopicKind.Depth, ["nse_cm|11536"], 2)),
                Convert.ToHexString(KotakHsmRequestWriter.Subscription(KotakHsmMessageType.Subscribe, KotakHsmTopicKind.Scrip, ["nse_cm|1594"], 2)),
            ],
            messages.Select(m => Convert.ToHexString(m.Payload.Span)));
        Assert.All(messages, m => Assert.Equal(MessageKind.Binary, m.Kind));

        // Topic 201 of a list lands on channel 3.
        Subscription[] many = [.. Enumerable.Range(1, 201).Select(i => Kotak(i, $"nse_cm|{i}", SubscriptionMode.Quote))];
        OutgoingMessage last = Assert.Single(new KotakHsmProtocol().BuildChangeMessages(many[..200], many));
        Assert.Equal(Convert.ToHexString(KotakHsmRequestWriter.Subscription(KotakHsmMessageType.Subscribe, KotakHsmTopicKind.Scrip, ["nse_cm|201"], 3)), Convert.ToHexString(last.Payload.Span));
    }

    [Fact]
    public void A_diff_names_added_removed_and_re_moded_instruments_once_each()
    {
        Subscription a = Kite(1, SubscriptionMode.Ltp), b = Kite(2, SubscriptionMode.Quote), c = Kite(3, SubscriptionMode.Full);
        SubscriptionDiff diff = SubscriptionDiff.Compute([a, b], [b with { Mode = SubscriptionMode.Full }, c]);
        Assert.Equal([c], diff.Added);
        Assert.Equal([a], diff.Removed);
        Assert.Equal((b, b with { Mode = SubscriptionMode.Full }), Assert.Single(diff.ModeChanged));
        Assert.True(SubscriptionDiff.Compute([a, b], [b, a]).IsEmpty);
    }

    [Fact]
    public void Removed_instruments_stay_known_across_later_changes_newest_first_until_subscribed_again()
    {
        Subscription a = Kite(1, SubscriptionMode.Ltp), b = Kite(2, SubscriptionMode.Quote), c = Kite(3, SubscriptionMode.Full), d = Kite(4, SubscriptionMode.Full);
        var retired = new RetiredSubscriptions();

        Assert.Equal([b, c, a], retired.KnownAfter([a, b], [b, c]));
        Assert.Equal([c, d, b, a], retired.KnownAfter([b, c], [c, d]));     // a, removed one change ago, is still known
        Assert.Equal([c, d, a, b], retired.KnownAfter([c, d], [c, d, a]));
        Assert.Equal([b], retired.Retired);                                // a is subscribed again: no longer retired

        var many = new RetiredSubscriptions();
        Subscription[] all = [.. Enumerable.Range(10, RetiredSubscriptions.MaxRetired + 5).Select(t => Kite(t, SubscriptionMode.Ltp))];
        many.KnownAfter([], all);
        many.KnownAfter(all, []);
        Assert.Equal(RetiredSubscriptions.MaxRetired, many.Retired.Count);
    }

    [Fact]
    public void Dhan_depth_taken_in_flight_after_two_quick_changes_is_data_not_an_unknown_instrument()
    {
        var slabs = new DepthSlabPool(8, 20);
        Subscription[] start = DhanTestData.Subscriptions(SubscriptionMode.Depth20);
        var protocol = DhanDepthTestData.NewDepth(SubscriptionMode.Depth20, slabs);

        // Unsubscribe HDFC (1333), then at once subscribe another: depth for 1333 sent before the server read the
        // unsubscribe arrives after both changes.
        protocol.BuildChangeMessages(start, start[1..]);
        protocol.BuildChangeMessages(start[1..], [.. start[1..], Dhan(2885, "NSE_EQ", SubscriptionMode.Depth20)]);
        var sink = new CollectingSink(2);
        byte[] packet = DhanDepthTestData.Side(41, 1333, 7, DhanDepthTestData.Pad20(DhanDepthTestData.Row(1612.10, 100, 2)));

        Assert.Equal(1, protocol.Decode(packet.AsSpan(), MessageKind.Binary, DhanTestData.ReceiveTimeNs, ref sink));
        Assert.Equal(DhanTestData.Hdfc, sink[0].Header.Instrument);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void Kotak_hsm_data_taken_in_flight_after_two_quick_changes_is_data_not_an_unknown_topic()
    {
        Subscription[] start = HsmTestData.Subscriptions();
        KotakHsmProtocol protocol = HsmTestData.NewProtocol();

        // Unsubscribe Reliance, then at once subscribe another scrip: its snap sent before the server read the
        // unsubscribe arrives after both changes.
        protocol.BuildChangeMessages(start, start[1..]);
        protocol.BuildChangeMessages(start[1..], [.. start[1..], Kotak(11536, "nse_cm|11536", SubscriptionMode.Quote)]);
        var sink = new CollectingSink(4);

        Assert.Equal(2, protocol.Decode(HsmTestData.Data(null, HsmTestData.RelianceSnap()).AsSpan(), MessageKind.Binary, HsmTestData.ReceiveTimeNs, ref sink));
        Assert.Equal(HsmTestData.Reliance, sink[0].Header.Instrument);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    private static string[] Texts(IReadOnlyList<OutgoingMessage> messages) => [.. messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];

    private static Subscription Kite(long token, SubscriptionMode mode) => new(InstrumentId.From(FeedKind.Kite, token), "", "", mode, 2, 0);

    private static Subscription Dhan(long token, string segment, SubscriptionMode mode) => new(InstrumentId.From(FeedKind.Dhan, token), "", segment, mode, 2, 0);

    private static Subscription Kotak(long token, string symbol, SubscriptionMode mode) => new(InstrumentId.From(FeedKind.Kotak, token), symbol, "", mode, 2, 0);
}
