using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>HSM client requests: exact bytes, connect first, and the SDK's per-request, per-channel and total limits.</summary>
public sealed class HsmRequestTests
{
    private const string Jwt = "eyJhbGciOi.JWT-SECRET";
    private const string Sid = "sid-9f2e-SECRET";

    [Fact]
    public void The_documented_subscribe_example_is_reproduced_byte_for_byte()
    {
        // Kotak/README.md §3: 00 1b | 04 02 | 01 00 12 | 00 01 0f "sf|nse_cm|11536" | 02 00 01 02
        byte[] expected = [0x00, 0x1b, 0x04, 0x02, 0x01, 0x00, 0x12, 0x00, 0x01, 0x0f, .. Encoding.ASCII.GetBytes("sf|nse_cm|11536"), 0x02, 0x00, 0x01, 0x02];

        Assert.Equal(expected, KotakHsmRequestWriter.Subscription(KotakHsmMessageType.Subscribe, KotakHsmTopicKind.Scrip, ["nse_cm|11536"], 2));

        var subscription = new Subscription(InstrumentId.From(FeedKind.Kotak, 11536), "nse_cm|11536", string.Empty, SubscriptionMode.Quote, 2, 0);
        IReadOnlyList<OutgoingMessage> messages = new KotakHsmProtocol().BuildSubscriptionMessages([subscription]);
        Assert.Equal(2, messages.Count);
        Assert.Equal(expected, messages[1].Payload.ToArray());
        Assert.All(messages, m => Assert.Equal(MessageKind.Binary, m.Kind));
    }

    [Fact]
    public void Connect_request_comes_first_with_token_sid_and_source()
    {
        var protocol = new KotakHsmProtocol(new KotakHsmOptions { AccessToken = Jwt, SessionToken = Sid });
        IReadOnlyList<OutgoingMessage> messages = protocol.BuildSubscriptionMessages(Subscriptions());

        byte[] jwt = Encoding.ASCII.GetBytes(Jwt);
        byte[] sid = Encoding.ASCII.GetBytes(Sid);
        int rest = 1 + 1 + (3 + jwt.Length) + (3 + sid.Length) + (3 + 6);
        byte[] expected =
        [
            .. U16(rest), 0x01, 0x03,
            0x01, .. U16(jwt.Length), .. jwt,
            0x02, .. U16(sid.Length), .. sid,
            0x03, 0x00, 0x06, .. "JS_API"u8,
        ];
        Assert.Equal(expected, messages[0].Payload.ToArray());

        // Then index topics, scrip topics, depth topics: if (Nifty 50), sf (2885, 42149, 1234), dp (42149), all on channel 2.
        Assert.Equal(
            ["2: if|nse_cm|Nifty 50", "2: sf|nse_cm|2885,sf|nse_fo|42149,sf|cde_fo|1234", "2: dp|nse_fo|42149"],
            messages.Skip(1).Select(m => Parse(m.Payload.Span, 4)).Select(r => $"{r.Channel}: {string.Join(',', r.Names)}"));
    }

    [Fact]
    public void Ack_request_carries_the_message_number()
    {
        byte[] ack = new byte[KotakHsmRequestWriter.AckLength];
        Assert.Equal(11, KotakHsmRequestWriter.WriteAck(ack, 0x01020304));
        Assert.Equal(new byte[] { 0x00, 0x09, 0x03, 0x01, 0x01, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04 }, ack);
    }

    [Fact]
    public void At_most_100_scrips_per_request_and_200_per_channel()
    {
        Subscription[] subscriptions = [.. Enumerable.Range(1, 450).Select(i => Scrip(i, SubscriptionMode.Quote))];
        (byte Channel, string[] Names)[] requests = [.. new KotakHsmProtocol().BuildSubscriptionMessages(subscriptions).Skip(1).Select(m => Parse(m.Payload.Span, 4))];

        Assert.Equal([(2, 100), (2, 100), (3, 100), (3, 100), (4, 50)], requests.Select(r => (r.Channel, r.Names.Length)));
        Assert.Equal(Enumerable.Range(1, 450).Select(i => $"sf|nse_cm|{i}"), requests.SelectMany(r => r.Names));
    }

    [Fact]
    public void A_request_never_spans_two_channels_or_two_topic_kinds()
    {
        // 150 scrips in Full mode: 150 sf + 150 dp topics. Channel 2 takes sf 100 + sf 50 + dp 50; channel 3 the other dp 100.
        Subscription[] subscriptions = [.. Enumerable.Range(1, 150).Select(i => Scrip(i, SubscriptionMode.Full))];
        (byte Channel, string[] Names)[] requests = [.. new KotakHsmProtocol().BuildSubscriptionMessages(subscriptions).Skip(1).Select(m => Parse(m.Payload.Span, 4))];

        Assert.Equal([(2, "sf", 100), (2, "sf", 50), (2, "dp", 50), (3, "dp", 100)], requests.Select(r => (r.Channel, r.Names[0][..2], r.Names.Length)));
        Assert.Equal("dp|nse_cm|51", requests[3].Names[0]);
    }

    [Fact]
    public void Three_thousand_topics_fill_channels_2_to_16_and_one_more_is_a_clear_error()
    {
        Subscription[] full = [.. Enumerable.Range(1, 1500).Select(i => Scrip(i, SubscriptionMode.Full))];
        (byte Channel, string[] Names)[] requests = [.. new KotakHsmProtocol().BuildSubscriptionMessages(full).Skip(1).Select(m => Parse(m.Payload.Span, 4))];
        Assert.Equal(3000, requests.Sum(r => r.Names.Length));
        Assert.Equal(Enumerable.Range(2, 15).Select(c => (byte)c), requests.Select(r => r.Channel).Distinct());
        Assert.All(requests.GroupBy(r => r.Channel), g => Assert.Equal(200, g.Sum(r => r.Names.Length)));
        Assert.All(requests, r => Assert.InRange(r.Names.Length, 1, 100));

        Subscription[] tooMany = [.. full, Scrip(9999, SubscriptionMode.Quote)];
        var error = Assert.Throws<ArgumentException>(() => new KotakHsmProtocol().BuildSubscriptionMessages(tooMany));
        Assert.Contains("3000", error.Message, StringComparison.Ordinal);
        Assert.Contains("3001", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, KotakHsmTopics.TopicCount(full[0]));
        Assert.Equal(1, KotakHsmTopics.TopicCount(Subscriptions()[3]));
    }

    [Fact]
    public void Unsubscribe_requests_use_the_same_channels_with_type_5()
    {
        Subscription[] subscriptions = [.. Enumerable.Range(1, 250).Select(i => Scrip(i, SubscriptionMode.Quote))];
        var protocol = new KotakHsmProtocol();
        IReadOnlyList<OutgoingMessage> subscribe = protocol.BuildSubscriptionMessages(subscriptions);
        IReadOnlyList<OutgoingMessage> unsubscribe = protocol.BuildUnsubscribeMessages(subscriptions);

        Assert.Equal(subscribe.Count - 1, unsubscribe.Count);
        for (int i = 0; i < unsubscribe.Count; i++)
        {
            Assert.Equal(5, unsubscribe[i].Payload.Span[2]);
            Assert.Equal(Parse(subscribe[i + 1].Payload.Span, 4), Parse(unsubscribe[i].Payload.Span, 5), new RequestComparer());
        }
    }

    [Fact]
    public void Credentials_never_appear_in_options_text_or_logs()
    {
        var logger = new CapturingLogger();
        var options = new KotakHsmOptions { AccessToken = Jwt, SessionToken = Sid };
        var protocol = new KotakHsmProtocol(options, Subscriptions(), logger: logger);
        var sink = new CollectingSink(4);
        protocol.BuildSubscriptionMessages(Subscriptions());
        protocol.Decode(ConnectResponse('K', 5).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(ConnectResponse('N').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(Status(4, 'N').AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode("{}"u8, MessageKind.Text, ReceiveTimeNs, ref sink);

        Assert.DoesNotContain(Jwt, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Sid, options.ToString(), StringComparison.Ordinal);
        Assert.True(logger.Entries.Count >= 3);
        Assert.All(logger.Entries, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_symbols_are_rejected_when_building_requests()
    {
        var bad = new Subscription(InstrumentId.From(FeedKind.Kotak, 1), "11536", string.Empty, SubscriptionMode.Quote, 2, 0);
        Assert.Throws<ArgumentException>(() => new KotakHsmProtocol().BuildSubscriptionMessages([bad]));
    }

    private static Subscription Scrip(int token, SubscriptionMode mode) =>
        new(InstrumentId.From(FeedKind.Kotak, token), $"nse_cm|{token}", string.Empty, mode, 2, 0);

    /// <summary>Reads a subscribe/unsubscribe request by the documented layout and checks its lengths add up.</summary>
    private static (byte Channel, string[] Names) Parse(ReadOnlySpan<byte> request, byte type)
    {
        Assert.Equal(request.Length - 2, BinaryPrimitives.ReadUInt16BigEndian(request));
        Assert.Equal(type, request[2]);
        Assert.Equal(2, request[3]);
        Assert.Equal(1, request[4]);
        int blobLength = BinaryPrimitives.ReadUInt16BigEndian(request[5..]);
        ReadOnlySpan<byte> blob = request.Slice(7, blobLength);
        int count = BinaryPrimitives.ReadUInt16BigEndian(blob);
        var names = new string[count];
        int at = 2;
        for (int i = 0; i < count; i++)
        {
            names[i] = Encoding.ASCII.GetString(blob.Slice(at + 1, blob[at]));
            at += 1 + blob[at];
        }

        Assert.Equal(blob.Length, at);
        ReadOnlySpan<byte> channel = request[(7 + blobLength)..];
        Assert.Equal([0x02, 0x00, 0x01], channel[..3].ToArray());
        Assert.Equal(4, channel.Length);
        return (channel[3], names);
    }

    private sealed class RequestComparer : IEqualityComparer<(byte Channel, string[] Names)>
    {
        public bool Equals((byte Channel, string[] Names) x, (byte Channel, string[] Names) y) => x.Channel == y.Channel && x.Names.SequenceEqual(y.Names);

        public int GetHashCode((byte Channel, string[] Names) obj) => obj.Channel;
    }
}
