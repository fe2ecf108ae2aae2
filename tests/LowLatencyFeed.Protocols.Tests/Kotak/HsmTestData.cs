using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary>
/// HSM frames written byte by byte from Kotak/README.md §4 (big-endian; not through the production encoder), with every
/// value spelled out in the builders below.
/// </summary>
internal static class HsmTestData
{
    public const long ReceiveTimeNs = 1_719_984_700_000_000_000;
    public const int TradeSeconds = 1_719_984_600;
    public const int FeedSeconds = 1_719_984_601;
    public const int No = int.MinValue; // 0x80000000: no value / unchanged

    public const int RelianceTopic = 101;
    public const int FutureDepthTopic = 201;
    public const int FutureScripTopic = 202;
    public const int NiftyTopic = 301;
    public const int UsdInrTopic = 401;

    public static readonly InstrumentId Reliance = InstrumentId.From(FeedKind.Kotak, 2885);
    public static readonly InstrumentId NiftyFuture = InstrumentId.From(FeedKind.Kotak, 42149);
    public static readonly InstrumentId UsdInr = InstrumentId.From(FeedKind.Kotak, 1234);
    public static readonly InstrumentId Nifty = InstrumentId.From(FeedKind.Kotak, 26000);

    /// <summary>The same instruments as the SFeed tests: one configuration serves both feeds.</summary>
    public static Subscription[] Subscriptions() =>
    [
        new(Reliance, "nse_cm|2885", string.Empty, SubscriptionMode.Quote, 2, 0),
        new(NiftyFuture, "nse_fo|42149", string.Empty, SubscriptionMode.Full, 2, 0),
        new(UsdInr, "cde_fo|1234", string.Empty, SubscriptionMode.Ltp, 4, 0),
        new(Nifty, "nse_cm|Nifty 50", string.Empty, SubscriptionMode.Quote, 2, 0),
    ];

    public static KotakHsmProtocol NewProtocol(bool publishUnknown = false, FeedDiagnostics? diagnostics = null, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(new KotakHsmOptions { SessionId = 4, PublishUnknownInstruments = publishUnknown }, Subscriptions(), diagnostics, logger);

    /// <summary>
    /// RELIANCE scrip SNAP values, ids 0..24: times (ftm0, dtm1 = trade time; fdtm = <see cref="FeedSeconds"/>; ltt =
    /// <see cref="TradeSeconds"/>), volume 987654, LTP 285525 (2855.25), LTQ 10, total buy 1500, sell 1700, bid 285520
    /// × 40, ask 285530 × 25, ATP 285010, low 284000, high 286000, circuits 254700/311300, 52-week 320000/220000,
    /// open 284550, close 283000, OI 0, multiplier 1, precision 2.
    /// </summary>
    public static int[] RelianceValues() =>
    [
        TradeSeconds, TradeSeconds, FeedSeconds, TradeSeconds, 987654, 285525, 10, 1500, 1700, 285520, 285530, 40, 25,
        285010, 284000, 286000, 254700, 311300, 320000, 220000, 284550, 283000, 0, 1, 2,
    ];

    /// <summary>NIFTY 50 index SNAP values, ids 0..9: value 2405040, close 2399000, feed time, high 2410025, low 2395075, open 2401050, 1, 2.</summary>
    public static int[] NiftyValues() => [No, No, 2405040, 2399000, TradeSeconds, 2410025, 2395075, 2401050, 1, 2];

    /// <summary>
    /// NIFTY future depth SNAP values, ids 0..33: bids 19500.00, 19495.00, 0 (empty), 19485.00, 19480.00; asks 19505.00
    /// .. 19525.00 step 5; bid quantities 100, 200, 0, 150, 75; ask quantities 50..90; bid orders 4, 7, 0, 2, 1; ask
    /// orders 1..5; multiplier 1, precision 2.
    /// </summary>
    public static int[] DepthValues() =>
    [
        No, No,
        1950000, 1949500, 0, 1948500, 1948000,
        1950500, 1951000, 1951500, 1952000, 1952500,
        100, 200, 0, 150, 75,
        50, 60, 70, 80, 90,
        4, 7, 0, 2, 1,
        1, 2, 3, 4, 5,
        1, 2,
    ];

    /// <summary>A SNAP record: uint16 length of the rest, 'S', int32 topic id, uint8 name length, name, uint8 n, n × int32, uint8 m, m × (id, uint8 length, text).</summary>
    public static byte[] Snap(int topicId, string name, int[] values, params (byte Id, string Text)[] strings)
    {
        var body = new List<byte> { (byte)'S' };
        body.AddRange(I32(topicId));
        body.Add((byte)name.Length);
        body.AddRange(Encoding.ASCII.GetBytes(name));
        body.Add((byte)values.Length);
        foreach (int v in values)
        {
            body.AddRange(I32(v));
        }

        body.Add((byte)strings.Length);
        foreach ((byte id, string text) in strings)
        {
            body.Add(id);
            body.Add((byte)text.Length);
            body.AddRange(Encoding.ASCII.GetBytes(text));
        }

        return [.. U16(body.Count), .. body];
    }

    /// <summary>An UPDATE record: uint16 length of the rest, 'U', int32 topic id, uint8 n, n × int32.</summary>
    public static byte[] Update(int topicId, params int[] values)
    {
        var body = new List<byte> { (byte)'U' };
        body.AddRange(I32(topicId));
        body.Add((byte)values.Length);
        foreach (int v in values)
        {
            body.AddRange(I32(v));
        }

        return [.. U16(body.Count), .. body];
    }

    /// <summary>A data frame: uint16 length of the rest, type 6, [int32 message number], uint16 record count, records.</summary>
    public static byte[] Data(int? messageNumber, params byte[][] records)
    {
        var body = new List<byte> { 6 };
        if (messageNumber is int number)
        {
            body.AddRange(I32(number));
        }

        body.AddRange(U16(records.Length));
        foreach (byte[] record in records)
        {
            body.AddRange(record);
        }

        return [.. U16(body.Count), .. body];
    }

    /// <summary>Connect response: type 1, field count, field 1 = status byte, [field 2 = ACK interval as a 4-byte integer].</summary>
    public static byte[] ConnectResponse(char status, int? ackInterval = null) => ackInterval is int n
        ? [0x00, 0x0d, 0x01, 0x02, 0x01, 0x00, 0x01, (byte)status, 0x02, 0x00, 0x04, .. I32(n)]
        : [0x00, 0x06, 0x01, 0x01, 0x01, 0x00, 0x01, (byte)status];

    /// <summary>Status response of <paramref name="type"/>: one field, the status byte.</summary>
    public static byte[] Status(byte type, char status) => [0x00, 0x06, type, 0x01, 0x01, 0x00, 0x01, (byte)status];

    public static byte[] RelianceSnap() => Snap(RelianceTopic, "sf|nse_cm|2885", RelianceValues(), (52, "2885"), (53, "nse_cm"), (54, "RELIANCE-EQ"));

    public static byte[] NiftySnap() => Snap(NiftyTopic, "if|nse_cm|Nifty 50", NiftyValues());

    public static byte[] DepthSnap() => Snap(FutureDepthTopic, "dp|nse_fo|42149", DepthValues(), (52, "42149"), (53, "nse_fo"));

    /// <summary>
    /// RELIANCE UPDATE: fdtm +1 s, volume 987664, LTP 285550 (2855.50), ask 285560 (2855.60); every other id up to 10
    /// carries the sentinel (unchanged), ids 11.. are not sent.
    /// </summary>
    public static byte[] RelianceUpdate() => Update(RelianceTopic, No, No, FeedSeconds + 1, No, 987664, 285550, No, No, No, No, 285560);

    /// <summary>
    /// Bytes allocated on this thread by <paramref name="round"/> run 20 times, the fewest of five such measurements after a
    /// warm-up: a real per-call allocation shows in every measurement, the runtime's one-off work (tiering, on-stack
    /// replacement on a loaded machine) in one at most.
    /// </summary>
    public static long FewestBytesAllocated(Action round)
    {
        for (int i = 0; i < 3; i++)
        {
            round();
        }

        long fewest = long.MaxValue;
        for (int measurement = 0; measurement < 5; measurement++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                round();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] U16(int v) => [(byte)(v >> 8), (byte)v];

    public static byte[] I32(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
}
