using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>
/// Faulty frames: each fault is counted under its reason with the offset in the message, every good packet before
/// it (and after it, where framing allows) is still published, and nothing throws. Every case runs through both the
/// span path and a 5-byte-segment sequence, which must agree.
/// </summary>
public sealed class KiteMalformedFrameTests
{
    [Fact]
    public void Truncated_packet_is_counted_and_the_packets_before_it_are_published()
    {
        byte[] frame = Frame(Ltp, Quote, Full);
        byte[] cut = frame[..(frame.Length - 84)]; // the 184-byte packet keeps only 100 bytes

        var (sink, protocol) = DecodeBothWays(cut);

        Assert.Equal(2, sink.Count);
        Assert.Equal(157370, sink[0].Tick.LastPrice);
        Assert.Equal(250050, sink[1].Tick.LastPrice);
        AssertOnlyError(protocol, ParseErrorReason.Truncated, offset: 2 + 10 + 46);
        Assert.Contains("packet 3 of 3 declares 184 bytes but only 100 remain", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_ending_inside_a_length_prefix_is_truncated()
    {
        byte[] frame = [.. Frame(Ltp), 0x00];
        frame[1] = 2; // count 2: the second packet's prefix has only one byte

        var (sink, protocol) = DecodeBothWays(frame);

        Assert.Equal(1, sink.Count);
        AssertOnlyError(protocol, ParseErrorReason.Truncated, offset: 12);
        Assert.Contains("inside the length prefix of packet 2 of 2", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_prefix_running_past_the_end_is_a_bad_length_prefix()
    {
        byte[] frame = [.. Frame(Ltp, Quote), 0x0F, 0xA0, .. new byte[20]]; // prefix 4000, 20 bytes follow
        frame[1] = 3;

        var (sink, protocol) = DecodeBothWays(frame);

        Assert.Equal(2, sink.Count);
        AssertOnlyError(protocol, ParseErrorReason.BadLengthPrefix, offset: 2 + 10 + 46);
        Assert.Contains("length prefix 4000 of packet 3 of 3 runs past the end (20 bytes remain)", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_length_prefix_on_a_known_packet_desynchronises_and_stops_at_the_fault()
    {
        // The quote packet is announced as 45 bytes: it becomes an unknown length, then its following byte plus the
        // next prefix are read as a packet header that runs past the end.
        byte[] frame = Frame(Ltp, Quote, Ltp);
        frame[12] = 0x00;
        frame[13] = 45;

        var (sink, protocol) = DecodeBothWays(frame);

        Assert.Equal(1, sink.Count);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
        Assert.Equal(2, protocol.Diagnostics.TotalErrors);
        Assert.Contains("length prefix 2048 of packet 3 of 3 runs past the end", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_packet_length_is_skipped_by_its_prefix_and_later_packets_still_decode()
    {
        byte[] odd = Hex("00063A01 000266BA 00000007"); // 12 bytes: no such packet kind
        var (sink, protocol) = DecodeBothWays(Frame(Ltp, odd, Quote, Full));

        Assert.Equal(4, sink.Count);
        Assert.Equal(408065, sink[0].Header.Instrument.Token);
        Assert.Equal(884737, sink[1].Header.Instrument.Token);
        Assert.Equal(EventKind.Tick, sink[2].Header.Kind);
        Assert.Equal(EventKind.Depth, sink[3].Header.Kind);
        AssertOnlyError(protocol, ParseErrorReason.UnknownPacketLength, offset: 12);
        Assert.Contains("packet 2 of 4 has length 12", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_length_packet_is_an_unknown_length()
    {
        var (sink, protocol) = DecodeBothWays(Frame(Ltp, [], Ltp));

        Assert.Equal(2, sink.Count);
        AssertOnlyError(protocol, ParseErrorReason.UnknownPacketLength, offset: 12);
    }

    [Fact]
    public void Garbage_after_the_declared_packets_is_counted_and_the_packets_are_kept()
    {
        byte[] frame = [.. Frame(Ltp, Quote), 0xDE, 0xAD, 0xBE, 0xEF, 0x42];

        var (sink, protocol) = DecodeBothWays(frame);

        Assert.Equal(2, sink.Count);
        AssertOnlyError(protocol, ParseErrorReason.Garbage, offset: 2 + 10 + 46);
        Assert.Contains("5 byte(s) after the 2 declared packet(s)", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
        Assert.Contains("DEADBEEF42", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_bytes_sent_as_a_binary_message_are_rejected_without_events()
    {
        byte[] garbage = "this is not a kite frame"u8.ToArray();

        var (sink, protocol) = DecodeBothWays(garbage);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        Assert.Contains("at offset 2", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Packet_count_larger_than_the_packets_present_is_a_bad_length_prefix()
    {
        var (sink, protocol) = DecodeBothWays(FrameWithCount(4, Ltp, Quote));

        Assert.Equal(2, sink.Count);
        AssertOnlyError(protocol, ParseErrorReason.BadLengthPrefix, offset: 2 + 10 + 46);
        Assert.Contains("packet count says 4 but the message ends after 2 packet(s)", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Packet_count_smaller_than_the_packets_present_is_counted_and_all_packets_decode()
    {
        var (sink, protocol) = DecodeBothWays(FrameWithCount(1, Ltp, Quote, IndexQuote));

        Assert.Equal(3, sink.Count);
        Assert.Equal(256265, sink[2].Header.Instrument.Token);
        AssertOnlyError(protocol, ParseErrorReason.BadLengthPrefix, offset: 12);
        Assert.Contains("packet count says 1 but 2 more length-prefixed packet(s)", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_binary_message_is_truncated()
    {
        var (sink, protocol) = DecodeBothWays([]);

        Assert.Equal(0, sink.Count);
        AssertOnlyError(protocol, ParseErrorReason.Truncated, offset: 0);
        Assert.Equal(0, protocol.Heartbeats);
    }

    [Fact]
    public void Unknown_exchange_segment_is_skipped_as_invalid_and_neighbours_decode()
    {
        var (sink, protocol) = DecodeBothWays(Frame(Ltp, UnknownSegmentLtp, Quote));

        Assert.Equal(2, sink.Count);
        Assert.Equal(408065, sink[0].Header.Instrument.Token);
        Assert.Equal(884737, sink[1].Header.Instrument.Token);
        AssertOnlyError(protocol, ParseErrorReason.InvalidValue, offset: 12);
        Assert.Contains("token 19722 of exchange segment 10", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_are_logged_once_per_reason_but_counted_every_time()
    {
        var logger = new CapturingLogger();
        var protocol = new KiteProtocol(Session, logger);
        byte[] frame = Frame(Ltp, Hex("0102"), Ltp);
        for (int i = 0; i < 5; i++)
        {
            var sink = new CollectingSink(8);
            Assert.Equal(2, protocol.Decode(frame.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        }

        Assert.Equal(5, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
        Assert.Single(logger.Entries);
        Assert.Equal(5, protocol.Diagnostics.Messages);
        Assert.Equal(10, protocol.Diagnostics.Events);
    }

    [Fact]
    public void Every_prefix_of_a_valid_frame_decodes_without_throwing_and_keeps_whole_packets()
    {
        byte[][] packets = [Ltp, Quote, Full, IndexQuote, IndexFull];
        byte[] frame = Frame(packets);
        int[] eventsAfterPacket = [1, 2, 4, 5, 6];
        for (int length = 0; length <= frame.Length; length++)
        {
            var (sink, _) = DecodeBothWays(frame[..length]);

            int end = 2;
            int expected = 0;
            for (int p = 0; p < packets.Length; p++)
            {
                end += 2 + packets[p].Length;
                if (end <= length)
                {
                    expected = eventsAfterPacket[p];
                }
            }

            Assert.Equal(expected, sink.Count);
        }
    }

    [Fact]
    public void Random_corruption_never_throws_and_never_publishes_more_than_the_frame_can_hold()
    {
        var random = new Random(20240705);
        byte[] frame = Frame(Ltp, Quote, Full, IndexQuote, IndexFull, CdsLtp, BcdLtp);
        var protocol = NewProtocol();
        var sink = new CollectingSink(256);
        for (int round = 0; round < 3000; round++)
        {
            byte[] corrupt = (byte[])frame.Clone();
            int flips = random.Next(1, 6);
            for (int f = 0; f < flips; f++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            byte[] message = round % 3 == 0 ? corrupt[..random.Next(corrupt.Length)] : corrupt;
            if (round % 7 == 0)
            {
                message = new byte[random.Next(0, 300)];
                random.NextBytes(message);
            }

            sink.Clear();
            int published = protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
            Assert.Equal(sink.Count, published);
            Assert.False(sink.HasUnpublishedClaim);

            // Every event needs at least one 8-byte packet behind a 2-byte prefix (a full packet gives two events).
            Assert.True(published <= 2 * Math.Max(0, message.Length - 2) / 10 + 1);

            var sequenceSink = new CollectingSink(256);
            protocol.Decode(SegmentedSequence.Chunked(message, 1 + (round % 9)), MessageKind.Binary, ReceiveTimeNs, ref sequenceSink);
            EventAssert.SequenceEqual(sink.Events, sequenceSink.Events, $"round {round}");
        }
    }

    private static (CollectingSink Sink, KiteProtocol Protocol) DecodeBothWays(byte[] message)
    {
        var protocol = NewProtocol();
        var sink = DecodeSpan(protocol, message);

        var sequenceProtocol = NewProtocol();
        var sequenceSink = new CollectingSink(64);
        int published = sequenceProtocol.Decode(SegmentedSequence.Chunked(message, 5), MessageKind.Binary, ReceiveTimeNs, ref sequenceSink);
        Assert.Equal(sequenceSink.Count, published);
        EventAssert.SequenceEqual(sink.Events, sequenceSink.Events, "sequence vs span");
        foreach (ParseErrorReason reason in Enum.GetValues<ParseErrorReason>())
        {
            Assert.Equal(protocol.Diagnostics.ErrorCount(reason), sequenceProtocol.Diagnostics.ErrorCount(reason));
        }

        Assert.Equal(protocol.Diagnostics.LastMessage, sequenceProtocol.Diagnostics.LastMessage);
        return (sink, protocol);
    }

    private static void AssertOnlyError(KiteProtocol protocol, ParseErrorReason reason, int offset)
    {
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(reason));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        Assert.Contains($"{reason} at offset {offset}:", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }
}
