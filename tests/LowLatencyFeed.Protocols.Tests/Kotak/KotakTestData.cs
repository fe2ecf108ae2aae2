using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>
/// SFeed packets written field by field at the offsets of Kotak/README.md §8 (not through the production layout class),
/// with the values spelled out in each builder.
/// </summary>
internal static class KotakTestData
{
    public const long ReceiveTimeNs = 1_719_984_700_000_000_000;
    public const long TradeSeconds = 1_719_984_600;
    public const long UpdateSeconds = 1_719_984_601;

    public static readonly InstrumentId Reliance = InstrumentId.From(FeedKind.Kotak, 2885);
    public static readonly InstrumentId NiftyFuture = InstrumentId.From(FeedKind.Kotak, 42149);
    public static readonly InstrumentId UsdInr = InstrumentId.From(FeedKind.Kotak, 1234);
    public static readonly InstrumentId Nifty = InstrumentId.From(FeedKind.Kotak, 26000);

    public static Subscription[] Subscriptions() =>
    [
        new(Reliance, "nse_cm|2885", string.Empty, SubscriptionMode.Quote, 2, 0),
        new(NiftyFuture, "nse_fo|42149", string.Empty, SubscriptionMode.Full, 2, 0),
        new(UsdInr, "cde_fo|1234", string.Empty, SubscriptionMode.Ltp, 4, 0),
        new(Nifty, "nse_cm|Nifty 50", string.Empty, SubscriptionMode.Quote, 2, 0),
    ];

    public static KotakSFeedProtocol NewProtocol(DepthSlabPool? slabs = null, bool publishUnknown = false) =>
        new(new KotakSFeedOptions { SessionId = 4, PublishUnknownInstruments = publishUnknown, UnixMilliseconds = () => 1_719_984_600_000 }, Subscriptions(), slabs);

    /// <summary>
    /// Market picture, code 7208, nse_cm (1), token 2885: total buy 1500, total sell 1700, volume 987654, LTT
    /// <see cref="TradeSeconds"/>, update <see cref="UpdateSeconds"/>, open 2845.50, close 2830.00, high 2860.00, low 2840.00,
    /// LTP 2855.25, LTQ 10, ATP 2850.10, net change % 0.89, OI 0, net change 25.25; then the given rows
    /// (qty, price × 100, orders), buys first.
    /// </summary>
    public static byte[] MarketPicture(byte level, uint token, byte exchange, (long Qty, int Price, int Orders)[] buys, (long Qty, int Price, int Orders)[] sells)
    {
        int length = 144 + ((buys.Length + sells.Length) * 16);
        byte[] p = new byte[length];
        U16(p, 0, length);
        U16(p, 2, 7208);
        p[4] = exchange;
        p[5] = level;
        p[6] = 0;      // auction flag
        p[7] = 9;      // seq_no
        p[8] = 0;      // bitmask length
        U32(p, 9, token);
        I64(p, 13, 1500);
        I64(p, 21, 1700);
        I64(p, 29, 987654);
        I64(p, 37, TradeSeconds);
        I64(p, 45, UpdateSeconds);
        U32(p, 53, 284550);
        U32(p, 57, 283000);
        U32(p, 61, 286000);
        U32(p, 65, 284000);
        U32(p, 69, 285525);
        I64(p, 73, 10);
        U32(p, 81, 285010);
        U32(p, 85, 0);
        U32(p, 89, (uint)buys.Length);
        U32(p, 93, (uint)sells.Length);
        BinaryPrimitives.WriteInt16LittleEndian(p.AsSpan(97), 1);
        I32(p, 99, 89);
        U32(p, 103, 0);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(107), 2_814_929_100.0);
        I32(p, 115, 2525);
        U32(p, 119, 311300);
        U32(p, 123, 254700);
        U32(p, 127, 320000);
        U32(p, 131, 220000);
        U32(p, 135, 1);
        p[139] = 2;
        U32(p, 140, 1);
        int at = 144;
        foreach ((long qty, int price, int orders) in buys.Concat(sells))
        {
            I64(p, at, qty);
            I32(p, at + 8, price);
            I32(p, at + 12, orders);
            at += 16;
        }

        return p;
    }

    /// <summary>Mini touch line (level 1, 54 bytes), cde_fo (3) token 1234: LTT, LTP 832525000 (83.2525 at divider 10^7), LTQ 5, close 831000000, net change 1525000.</summary>
    public static byte[] MiniTouchLine()
    {
        byte[] p = new byte[54];
        U16(p, 0, 54);
        U16(p, 2, 7208);
        p[4] = 3;
        p[5] = 1;
        U32(p, 9, 1234);
        I64(p, 13, TradeSeconds);
        U32(p, 21, 832525000);
        I64(p, 25, 5);
        U32(p, 33, 831000000);
        I32(p, 37, 18);
        I32(p, 41, 1525000);
        U32(p, 45, 1000);
        p[49] = 4;
        U32(p, 50, 1);
        return p;
    }

    /// <summary>Index (code 7207, 87 bytes), nse_cm token 26000 "Nifty 50": open 24010.50, close 23990.00, high 24100.25, low 23950.75, value 24050.40.</summary>
    public static byte[] Index(uint token = 26000, string name = "Nifty 50")
    {
        byte[] p = new byte[87];
        U16(p, 0, 87);
        U16(p, 2, 7207);
        p[4] = 1;
        p[5] = 0;
        U32(p, 9, token);
        I32(p, 13, 2401050);
        I32(p, 17, 2399000);
        I32(p, 21, 2410025);
        I32(p, 25, 2395075);
        I32(p, 29, 2405040);
        I64(p, 33, TradeSeconds);
        I32(p, 41, 2627735);
        I32(p, 45, 2152460);
        I32(p, 49, 25);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(53), 1.9e14);
        p[61] = 2;
        I32(p, 62, 1);
        Encoding.ASCII.GetBytes(name).CopyTo(p, 66);
        return p;
    }

    /// <summary>Market status (code 105, 16 bytes): status code and text.</summary>
    public static byte[] MarketStatus(ushort code, string text)
    {
        byte[] p = new byte[16];
        U16(p, 0, 16);
        U16(p, 2, 105);
        p[4] = 1;
        U16(p, 9, code);
        Encoding.ASCII.GetBytes(text).CopyTo(p, 11);
        return p;
    }

    /// <summary>A 9-byte header-only packet (6511 market open, 6521 market close).</summary>
    public static byte[] HeaderOnly(ushort code)
    {
        byte[] p = new byte[9];
        U16(p, 0, 9);
        U16(p, 2, code);
        p[4] = 1;
        return p;
    }

    public static readonly (long, int, int)[] TouchBuy = [(40, 285520, 3)];
    public static readonly (long, int, int)[] TouchSell = [(25, 285530, 2)];

    public static byte[] AuthResponse(int code = 1119, string format = "native_batch") => Encoding.UTF8.GetBytes(
        "{\"message_code\":" + code + ",\"format\":\"" + format + "\",\"exchanges\":{\"nse_cm\":{\"value\":1,\"divider\":100},\"nse_fo\":{\"value\":2,\"divider\":100},\"cde_fo\":{\"value\":3,\"divider\":10000000}}}");

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static void U16(byte[] p, int at, int v) => BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(at), (ushort)v);

    private static void U32(byte[] p, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(at), v);

    private static void I32(byte[] p, int at, int v) => BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(at), v);

    private static void I64(byte[] p, int at, long v) => BinaryPrimitives.WriteInt64LittleEndian(p.AsSpan(at), v);
}
