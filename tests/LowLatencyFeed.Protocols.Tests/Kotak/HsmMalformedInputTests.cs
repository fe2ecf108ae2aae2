using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>Bad HSM input: a specific reason and message per problem, the bad record skipped, the others still published.</summary>
public sealed class HsmMalformedInputTests
{
    [Fact]
    public void Update_for_a_topic_no_snap_introduced_is_out_of_sequence_and_the_next_record_still_decodes()
    {
        var (protocol, sink, published) = Decode(Data(null, Update(999, No, No, No, No, 5, 6), NiftySnap()));
        Assert.Equal(1, published);
        Assert.Equal(Nifty, sink[0].Header.Instrument);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Sequencing));
        Assert.Contains("topic id 999", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_counts_beyond_the_table_are_skipped_with_their_values()
    {
        int[] tooMany = [.. RelianceValues(), 1, 2, 3, 4]; // 29 values; the scrip table has ids 0..27
        int[] depthTooMany = [.. DepthValues(), 0];        // 35 values; the depth table has ids 0..33
        var (protocol, sink, published) = Decode(Data(null, Snap(RelianceTopic, "sf|nse_cm|2885", tooMany), Snap(FutureDepthTopic, "dp|nse_fo|42149", depthTooMany), NiftySnap(), Update(NiftyTopic, [.. NiftyValues(), 0, 0, 0])));

        Assert.Equal(1, published);
        Assert.Equal(Nifty, sink[0].Header.Instrument);
        Assert.Equal(3, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Contains("carries 29 values but the sf table has 28 fields", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_records_stop_the_frame_after_the_good_ones()
    {
        byte[] snap = RelianceSnap();
        foreach (int keep in new[] { 1, 2, 3, 6, 9, 20, 60, snap.Length - 5, snap.Length - 1 })
        {
            byte[] frame = Data(null, NiftySnap(), snap.AsSpan(0, keep).ToArray());
            var (protocol, _, published) = Decode(frame);
            Assert.Equal(1, published);
            Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
            Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        }

        byte[] update = RelianceUpdate();
        var (p2, _, n2) = Decode(Concat(Data(null, RelianceSnap(), update.AsSpan(0, update.Length - 2).ToArray())));
        Assert.Equal(2, n2);
        Assert.Equal(1, p2.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Contains("UPDATE record 1 ends inside its values", p2.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void More_records_declared_than_present_is_truncated()
    {
        byte[] frame = Data(null, NiftySnap());
        frame[4] = 3; // record count 3, one present
        var (protocol, _, published) = Decode(frame);
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Contains("declares 3 record(s) but ends after record 1", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_declared_records_are_a_bad_length()
    {
        byte[] frame = Concat(Data(null, NiftySnap()), [1, 2, 3]);
        var (protocol, _, published) = Decode(frame);
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
    }

    [Fact]
    public void Unknown_record_kind_is_skipped_by_its_length_and_unknown_message_types_are_reported()
    {
        byte[] odd = [0x00, 0x04, (byte)'X', 1, 2, 3];
        var (protocol, sink, published) = Decode(Data(null, odd, NiftySnap()));
        Assert.Equal(1, published);
        Assert.Equal(Nifty, sink[0].Header.Instrument);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        Assert.Contains("kind 0x58", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);

        var (p2, _, n2) = Decode(Data(null, [0x04, 0x00, (byte)'X', 1], NiftySnap()));
        Assert.Equal(0, n2);
        Assert.Equal(1, p2.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        Assert.Contains("does not fit the frame", p2.Diagnostics.LastMessage, StringComparison.Ordinal);

        var (p3, _, n3) = Decode([0x00, 0x02, 0x2a, 0x00]);
        Assert.Equal(0, n3);
        Assert.Contains("message type 42", p3.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_messages_and_bad_control_fields_are_reported()
    {
        Assert.Equal(1, Decode([0x00]).Protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Equal(1, Decode([0x00, 0x01, 0x06]).Protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));            // no record count
        Assert.Equal(1, Decode([0x00, 0x01, 0x01]).Protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));            // connect without field count
        Assert.Equal(1, Decode([0x00, 0x06, 0x04, 0x01, 0x01, 0x00, 0x05, (byte)'K']).Protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
        Assert.Equal(1, Decode([0x00, 0x06, 0x04, 0x01, 0x01, 0x00]).Protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));

        var (protocol, _, _) = Decode([0x00, 0x07, 0x04, 0x01, 0x01, 0x00, 0x02, (byte)'O', (byte)'K']);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Contains("'OK' is neither K nor N", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
        Assert.Equal(1, protocol.Rejected(KotakHsmMessageType.Subscribe));

        var (ackProtocol, _, _) = Decode([0x00, 0x0a, 0x01, 0x02, 0x01, 0x00, 0x01, (byte)'K', 0x02, 0x00, 0x05, 1, 2, 3, 4, 5]);
        Assert.Equal(1, ackProtocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Equal(0, ackProtocol.State.AckInterval);
        Assert.True(ackProtocol.IsConnected);
    }

    [Fact]
    public void With_acks_on_a_frame_too_short_for_its_message_number_is_truncated()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(4);
        protocol.Decode(ConnectResponse('K', 2).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        protocol.Decode(new byte[] { 0x00, 0x04, 0x06, 0x00, 0x00 }.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Equal(0, protocol.State.LastMessageNumber);
    }

    [Fact]
    public void Unsubscribed_and_unprefixed_topics_are_skipped()
    {
        var (protocol, sink, published) = Decode(Data(null, Snap(55, "sf|nse_cm|7777", RelianceValues()), Snap(56, "xx|nse_cm|2885", RelianceValues()), NiftySnap(), Update(55, 1)));
        Assert.Equal(1, published);
        Assert.Equal(Nifty, sink[0].Header.Instrument);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Sequencing)); // the UPDATE of the skipped topic
    }

    [Fact]
    public void Bad_multiplier_or_precision_keeps_the_previous_scale()
    {
        int[] values = RelianceValues();
        values[23] = 0;
        var (protocol, sink, published) = Decode(Data(null, Snap(RelianceTopic, "sf|nse_cm|2885", values), Update(RelianceTopic, [.. Enumerable.Repeat(No, 23), 1, 12])));
        Assert.Equal(4, published);
        Assert.Equal(285525, sink[0].Tick.LastPrice); // defaults: multiplier 1, precision 2
        Assert.Equal(285525, sink[2].Tick.LastPrice); // precision 12 is refused; the scale stays
        Assert.Equal(2, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
    }

    [Fact]
    public void Text_messages_are_garbage_for_a_binary_feed()
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(1);
        protocol.Decode("[{\"stat\":\"Ok\"}]"u8, MessageKind.Text, ReceiveTimeNs, ref sink);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Garbage));
        Assert.Equal(1, protocol.Diagnostics.Messages);
    }

    [Fact]
    public void A_full_topic_cache_skips_new_topics()
    {
        var protocol = new KotakHsmProtocol(new KotakHsmOptions { PublishUnknownInstruments = true, State = new KotakHsmConnectionState(2) });
        var sink = new CollectingSink(8);
        protocol.Decode(Data(null, Snap(1, "if|nse_cm|1", NiftyValues()), Snap(2, "if|nse_cm|2", NiftyValues()), Snap(3, "if|nse_cm|3", NiftyValues()), Snap(1, "if|nse_cm|1", NiftyValues())).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(3, sink.Count);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
        Assert.Contains("topic cache is full (2 topics)", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    private static (KotakHsmProtocol Protocol, CollectingSink Sink, int Published) Decode(byte[] message)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(16);
        int published = protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(published, sink.Count);
        Assert.False(sink.HasUnpublishedClaim);
        return (protocol, sink, published);
    }
}
