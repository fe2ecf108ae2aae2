using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Kite;
using static LowLatencyFeed.Protocols.Tests.Kite.KiteTestData;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>The encoder reproduces published byte layouts from hand-built events, and rejects what the wire cannot carry.</summary>
public sealed class KiteEncoderTests
{
    [Fact]
    public void Full_packet_of_the_worked_example_is_reproduced_byte_for_byte()
    {
        var (tick, depth) = WorkedExampleEvents();
        var packet = new byte[KiteEncoder.MaxPacketLength];

        int length = KiteEncoder.WritePacket(packet, tick, depth, KiteMode.Full);

        Assert.Equal(184, length);
        Assert.Equal(Full, packet);
    }

    [Fact]
    public void Quote_and_ltp_packets_are_prefixes_of_the_full_layout()
    {
        var (tick, depth) = WorkedExampleEvents();
        var packet = new byte[64];

        Assert.Equal(44, KiteEncoder.WritePacket(packet, tick, depth, KiteMode.Quote));
        Assert.Equal(Full[..44], packet[..44]);
        Assert.Equal(8, KiteEncoder.WritePacket(packet, tick, KiteMode.Ltp));
        Assert.Equal(Ltp, packet[..8]);
    }

    [Fact]
    public void Index_quote_and_full_packets_match_the_hand_built_vectors()
    {
        var tick = new MarketEvent();
        tick.Header.Kind = EventKind.Tick;
        tick.Header.PriceDecimals = 2;
        tick.Header.Flags = EventFlags.Index;
        tick.Header.Instrument = InstrumentId.From(FeedKind.Kite, 256265);
        tick.Header.ExchangeTimeNs = 1_625_461_887_000_000_000;
        tick.Tick.LastPrice = 2450000;
        tick.Tick.High = 2461575;
        tick.Tick.Low = 2438820;
        tick.Tick.Open = 2445510;
        tick.Tick.Close = 2450036;
        tick.Tick.NetChange = -36;
        var packet = new byte[32];

        Assert.Equal(28, KiteEncoder.WritePacket(packet, tick, KiteMode.Quote));
        Assert.Equal(IndexQuote, packet[..28]);
        Assert.Equal(32, KiteEncoder.WritePacket(packet, tick, KiteMode.Full));
        Assert.Equal(IndexFull, packet);
    }

    [Fact]
    public void Prices_at_other_decimals_are_rescaled_to_the_segment_divisor()
    {
        var tick = new MarketEvent();
        tick.Header.Kind = EventKind.Tick;
        tick.Header.PriceDecimals = 4; // 83.4512 at 4 decimals, cds wants 7
        tick.Header.Instrument = InstrumentId.From(FeedKind.Kite, 315907);
        tick.Tick.LastPrice = 834512;
        var packet = new byte[8];

        KiteEncoder.WritePacket(packet, tick, KiteMode.Ltp);

        Assert.Equal(Hex("0004D203 31BDA480"), packet); // 834512000 = 0x31BDA480
    }

    [Fact]
    public void Frame_writer_prefixes_count_and_lengths()
    {
        var buffer = new byte[64];
        var writer = new KiteFrameWriter(buffer);
        Assert.Equal(Hex("0000"), writer.WrittenSpan.ToArray());

        Assert.True(writer.TryAppendPacket(Ltp));
        Assert.True(writer.TryAppendPacket(CdsLtp));

        Assert.Equal(Frame(Ltp, CdsLtp), writer.WrittenSpan.ToArray());
        Assert.Equal(2, writer.PacketCount);
        Assert.False(writer.TryAppendPacket(Quote)); // 22 + 46 > 64
        Assert.Equal(22, writer.Length);
    }

    [Fact]
    public void Heartbeat_is_one_byte()
    {
        var buffer = new byte[4];
        Assert.Equal(1, KiteEncoder.WriteHeartbeat(buffer));
    }

    [Fact]
    public void Events_the_wire_cannot_carry_are_rejected()
    {
        var packet = new byte[KiteEncoder.MaxPacketLength];
        var (tick, depth) = WorkedExampleEvents();

        var notTick = depth;
        Assert.Throws<ArgumentException>(() => KiteEncoder.WritePacket(packet, notTick, KiteMode.Ltp));

        var negative = tick;
        negative.Tick.LastPrice = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => KiteEncoder.WritePacket(packet, negative, KiteMode.Ltp));

        var tooBig = tick;
        tooBig.Tick.CumulativeVolume = (long)uint.MaxValue + 1;
        Assert.Throws<ArgumentOutOfRangeException>(() => KiteEncoder.WritePacket(packet, tooBig, KiteMode.Quote));

        var badSegment = tick;
        badSegment.Header.Instrument = InstrumentId.From(FeedKind.Kite, 19722);
        Assert.Throws<ArgumentException>(() => KiteEncoder.WritePacket(packet, badSegment, KiteMode.Ltp));

        Assert.Throws<ArgumentException>(() => KiteEncoder.WritePacket(new byte[100], tick, depth, KiteMode.Full));
    }

    /// <summary>The Kite/README.md §8 packet as events, built from its decoded values.</summary>
    private static (MarketEvent Tick, MarketEvent Depth) WorkedExampleEvents()
    {
        var header = new EventHeader
        {
            Kind = EventKind.Tick,
            Feed = FeedKind.Kite,
            PriceDecimals = 2,
            Instrument = InstrumentId.From(FeedKind.Kite, 408065),
            ExchangeTimeNs = 1_625_461_887_000_000_000,
        };
        var tick = new MarketEvent { Header = header };
        tick.Tick = new TickPayload
        {
            LastPrice = 157370,
            LastQuantity = 7,
            AveragePrice = 157037,
            CumulativeVolume = 1192471,
            TotalBuyQuantity = 256443,
            TotalSellQuantity = 363009,
            Open = 156915,
            High = 157500,
            Low = 156105,
            Close = 156780,
            LastTradeTimeNs = 1_625_461_887_000_000_000,
            Fields = TickFields.LastTradeTime,
        };

        var depth = new MarketEvent { Header = header };
        depth.Header.Kind = EventKind.Depth;
        depth.Depth.BidCount = 5;
        depth.Depth.AskCount = 5;
        depth.Depth.SlabIndex = -1;
        DepthLevel[] levels =
        [
            new(157340, 5, 1), new(157300, 140, 2), new(157295, 2, 1), new(157290, 219, 7), new(157285, 50, 1),
            new(157370, 172, 3), new(157375, 44, 3), new(157385, 302, 3), new(157390, 141, 2), new(157395, 724, 5),
        ];
        for (int i = 0; i < levels.Length; i++)
        {
            depth.Depth.Levels[i] = levels[i];
        }

        return (tick, depth);
    }
}
