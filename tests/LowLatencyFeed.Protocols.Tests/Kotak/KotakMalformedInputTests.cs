using System.Buffers.Binary;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Kotak.KotakTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>Bad SFeed input: specific counters and messages, nothing else lost.</summary>
public sealed class KotakMalformedInputTests
{
    [Fact]
    public void Length_below_the_header_stops_the_frame()
    {
        byte[] bad = [5, 0, 0x28, 0x1c, 1];
        var (protocol, _, published) = Decode(Concat(Index(), bad, Index()));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
        Assert.Contains("offset 87", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Packet_longer_than_the_rest_of_the_frame_is_truncated()
    {
        byte[] picture = MarketPicture(4, 2885, 1, TouchBuy, TouchSell);
        var (protocol, _, published) = Decode(Concat(Index(), picture.AsSpan(0, 100).ToArray()));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
    }

    [Fact]
    public void Single_trailing_byte_is_reported()
    {
        var (protocol, _, published) = Decode(Concat(Index(), [7]));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
    }

    [Fact]
    public void Packets_shorter_than_their_layout_are_skipped_by_length()
    {
        byte[] shortIndex = Index().AsSpan(0, 60).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(shortIndex, 60);
        byte[] shortPicture = MarketPicture(4, 2885, 1, [], []).AsSpan(0, 100).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(shortPicture, 100);
        byte[] shortMini = MiniTouchLine().AsSpan(0, 40).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(shortMini, 40);
        byte[] shortStatus = MarketStatus(1, "OPEN").AsSpan(0, 12).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(shortStatus, 12);

        var (protocol, _, published) = Decode(Concat(shortIndex, shortPicture, shortMini, shortStatus, Index()));
        Assert.Equal(1, published);
        Assert.Equal(4, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
    }

    [Fact]
    public void Row_counts_beyond_the_packet_keep_the_tick_and_drop_the_rows()
    {
        byte[] picture = MarketPicture(8, 42149, 2, TouchBuy, TouchSell);
        BinaryPrimitives.WriteUInt32LittleEndian(picture.AsSpan(89), 3_000_000_000); // buy_depth_count
        var (protocol, sink, published) = Decode(picture);
        Assert.Equal(1, published);
        Assert.Equal(285525, sink[0].Tick.LastPrice);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadLengthPrefix));
        Assert.Contains("3000000000 buy", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_level_is_an_unknown_code()
    {
        byte[] picture = MarketPicture(4, 2885, 1, TouchBuy, TouchSell);
        picture[5] = 3;
        var (protocol, _, published) = Decode(Concat(picture, Index()));
        Assert.Equal(1, published);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
        Assert.Contains("level 3", protocol.Diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsubscribed_tokens_and_index_names_are_counted()
    {
        var (protocol, _, published) = Decode(Concat(MarketPicture(4, 7777, 1, TouchBuy, TouchSell), Index(123, "Nifty Bank"), Index()));
        Assert.Equal(1, published);
        Assert.Equal(2, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument));
    }

    [Fact]
    public void Unsubscribed_tokens_are_published_when_asked()
    {
        var protocol = NewProtocol(publishUnknown: true);
        var sink = new CollectingSink(4);
        Assert.Equal(2, protocol.Decode(MarketPicture(4, 7777, 1, TouchBuy, TouchSell).AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink));
        Assert.Equal(7777, sink[0].Header.Instrument.Token);
        Assert.Equal(285525, sink[0].Tick.LastPrice);
    }

    private static (LowLatencyFeed.Protocols.Kotak.KotakSFeedProtocol Protocol, CollectingSink Sink, int Published) Decode(byte[] message)
    {
        var protocol = NewProtocol();
        var sink = new CollectingSink(8);
        int published = protocol.Decode(message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(published, sink.Count);
        Assert.False(sink.HasUnpublishedClaim);
        return (protocol, sink, published);
    }
}
