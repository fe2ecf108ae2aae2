using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Tests.Support;

namespace LowLatencyFeed.Protocols.Tests.Kite;

/// <summary>
/// Packets built byte by byte from the published layout (Kite/README.md §5) with the decoded values noted beside each field;
/// the tests spell out the expected values again independently.
/// </summary>
internal static class KiteTestData
{
    /// <summary>Receive time stamped by the tests: 2021-07-05 05:11:30 UTC, 3 s after the exchange time of Kite/README.md §8.</summary>
    public const long ReceiveTimeNs = 1_625_461_890_123_456_789;

    /// <summary>Session id the tests construct protocols with.</summary>
    public const ushort Session = 3;

    /// <summary>LTP packet: token 408065 (seg 1), last price 157370 (1573.70).</summary>
    public static byte[] Ltp => Hex("00063A01 000266BA");

    /// <summary>Tradable quote packet for token 884737 (seg 1); volume has the top bit set to prove unsigned reads.</summary>
    public static byte[] Quote => Hex(
        "000D8001" + // token 884737
        "0003D0C2" + // last price 250050 -> 2500.50
        "00000019" + // last traded quantity 25
        "0003D013" + // average price 249875 -> 2498.75
        "80000001" + // volume 2147483649 (> int.MaxValue)
        "0001D4C0" + // total buy 120000
        "00017318" + // total sell 95000
        "0003C8C0" + // open 248000 -> 2480.00
        "0003D478" + // high 251000 -> 2510.00
        "0003C6CC" + // low 247500 -> 2475.00
        "0003CCA8"); // close 249000 -> 2490.00

    /// <summary>The kiteconnect-mocks full packet of Kite/README.md §8, exactly its 184 bytes.</summary>
    public static byte[] Full => Hex(
        "00063a01" + "000266ba" + "00000007" + "0002656d" + "00123217" + "0003e9bb" + "00058a01" +
        "000264f3" + "0002673c" + "000261c9" + "0002646c" + "60e2947f" + "00000000" + "00000000" + "00000000" + "60e2947f" +
        "00000005 0002669c 0001 0000" +
        "0000008c 00026674 0002 0000" +
        "00000002 0002666f 0001 0000" +
        "000000db 0002666a 0007 0000" +
        "00000032 00026665 0001 0000" +
        "000000ac 000266ba 0003 0000" +
        "0000002c 000266bf 0003 0000" +
        "0000012e 000266c9 0003 0000" +
        "0000008d 000266ce 0002 0000" +
        "000002d4 000266d3 0005 0000");

    /// <summary>Index quote for NIFTY 50 (256265, seg 9): LTP/high/low/open/close then change FF FF FF DC = -36.</summary>
    public static byte[] IndexQuote => Hex(
        "0003E909" + // token 256265
        "00256250" + // last 2450000 -> 24500.00
        "00258F87" + // high 2461575 -> 24615.75
        "002536A4" + // low 2438820 -> 24388.20
        "002550C6" + // open 2445510 -> 24455.10
        "00256274" + // close 2450036 -> 24500.36
        "FFFFFFDC"); // change -36 -> -0.36

    /// <summary>Index full: the index quote plus exchange timestamp 1625461887.</summary>
    public static byte[] IndexFull => [.. IndexQuote, .. Hex("60E2947F")];

    /// <summary>LTP of a cds (seg 3, divisor 10^7) token 315907: 834512500 -> 83.4512500.</summary>
    public static byte[] CdsLtp => Hex("0004D203 31BDA674");

    /// <summary>LTP of a bcd (seg 6, divisor 10^4) token 1453574: 834525 -> 83.4525.</summary>
    public static byte[] BcdLtp => Hex("00162E06 000CBBDD");

    /// <summary>LTP of token 19722, segment 10, which Kite does not define.</summary>
    public static byte[] UnknownSegmentLtp => Hex("00004D0A 00000064");

    /// <summary>Parses hex digits, ignoring spaces.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>A frame: big-endian count, then each packet behind its big-endian length.</summary>
    public static byte[] Frame(params byte[][] packets) => FrameWithCount(packets.Length, packets);

    /// <summary>A frame whose count field says <paramref name="count"/> whatever the packets are.</summary>
    public static byte[] FrameWithCount(int count, params byte[][] packets)
    {
        var bytes = new List<byte> { (byte)(count >> 8), (byte)count };
        foreach (byte[] packet in packets)
        {
            bytes.Add((byte)(packet.Length >> 8));
            bytes.Add((byte)packet.Length);
            bytes.AddRange(packet);
        }

        return [.. bytes];
    }

    public static KiteProtocol NewProtocol(CapturingLogger? logger = null) => new(Session, logger);

    /// <summary>Decodes a binary message through the span fast path.</summary>
    public static CollectingSink DecodeSpan(KiteProtocol protocol, byte[] message, int capacity = 64)
    {
        var sink = new CollectingSink(capacity);
        int published = protocol.Decode(message.AsSpan(), Common.MessageKind.Binary, ReceiveTimeNs, ref sink);
        Assert.Equal(sink.Count, published);
        Assert.False(sink.HasUnpublishedClaim);
        return sink;
    }
}
