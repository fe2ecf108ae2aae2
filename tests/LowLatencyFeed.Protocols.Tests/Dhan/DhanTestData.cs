using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Protocols.Tests.Dhan;

/// <summary>Hand-built Dhan packets (Dhan/README.md §4, §9) and the instruments they refer to.</summary>
internal static class DhanTestData
{
    public const long ReceiveTimeNs = 1_719_984_600_123_456_789;

    /// <summary>Dhan/README.md §9: Full packet, NSE_EQ security 1333, 162 bytes.</summary>
    public const string Full1333Hex =
        "08a20001350500000088c9441900d8e1846600b8c84452b3450039650c00f8ad0b00000000000000000000000000" +
        "0020c8440000000000f0c9440088c744780000004b000000030002000080c9440088c944c2010000c80000000700" +
        "04000078c9440090c9445a00000080020000020009000070c9440098c9442c01000037000000050001000068c944" +
        "00a0c944e8030000d40300000b000c000060c94400a8c944";

    /// <summary>Ticker (code 2): NSE_EQ 1333, LTP 1612.25 (00 88 c9 44), LTT 1719984600 (d8 e1 84 66).</summary>
    public const string Ticker1333Hex = "02100001" + "35050000" + "0088c944" + "d8e18466";

    /// <summary>Prev close (code 6): NSE_EQ 1333, close 1601.0 (00 20 c8 44), previous OI 10000 (10 27 00 00).</summary>
    public const string PrevClose1333Hex = "06100001" + "35050000" + "0020c844" + "10270000";

    /// <summary>
    /// Quote (code 4, 50 bytes): NSE_EQ 1333, LTP 1612.25, LTQ 25, LTT 1719984600, ATP 1605.75, volume 4567890,
    /// sell 812345, buy 765432, open 1601.0, close 0, high 1615.5, low 1596.25.
    /// </summary>
    public const string Quote1333Hex =
        "04320001" + "35050000" + "0088c944" + "1900" + "d8e18466" + "00b8c844" + "52b34500" + "39650c00" + "f8ad0b00" +
        "0020c844" + "00000000" + "00f0c944" + "0088c744";

    /// <summary>OI (code 5, 12 bytes): NSE_FNO (2) security 42661 (a5 a6 00 00), OI 123456 (40 e2 01 00).</summary>
    public const string OpenInterest42661Hex = "050c0002" + "a5a60000" + "40e20100";

    /// <summary>Index (code 1, 16 bytes): IDX_I (0) security 13, value 22500.75 (80 c9 af 46), time 1719984600.</summary>
    public const string Index13Hex = "01100000" + "0d000000" + "80c9af46" + "d8e18466";

    /// <summary>Disconnect (code 50, 10 bytes): reason 805 (25 03).</summary>
    public const string Disconnect805Hex = "320a0001" + "00000000" + "2503";

    /// <summary>Market status (code 7): header only.</summary>
    public const string MarketStatusHex = "07080001" + "00000000";

    /// <summary>Code 0 (heartbeat / ack): header only.</summary>
    public const string HeartbeatHex = "00080000" + "00000000";

    public static readonly InstrumentId Hdfc = InstrumentId.From(FeedKind.Dhan, 1333);
    public static readonly InstrumentId NiftyFuture = InstrumentId.From(FeedKind.Dhan, 42661);
    public static readonly InstrumentId Nifty = InstrumentId.From(FeedKind.Dhan, 13);

    public static Subscription[] Subscriptions(SubscriptionMode mode = SubscriptionMode.Full) =>
    [
        new Subscription(Hdfc, string.Empty, "NSE_EQ", mode, 2, 0),
        new Subscription(NiftyFuture, "42661", "NSE_FNO", mode, 2, 0),
        new Subscription(Nifty, string.Empty, "IDX_I", mode, 2, 0),
    ];

    public static byte[] Bytes(params string[] hex) => Convert.FromHexString(string.Concat(hex));

    public static DhanProtocol NewProtocol(bool publishUnknown = false, ushort session = 3) =>
        new(new DhanFeedOptions { SessionId = session, PublishUnknownInstruments = publishUnknown }, Subscriptions());

    public static DepthLevel Level(long price, long quantity, int orders) => new(price, quantity, orders);
}
