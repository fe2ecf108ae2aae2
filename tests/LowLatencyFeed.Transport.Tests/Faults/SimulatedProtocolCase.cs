using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests.Faults;

/// <summary>
/// One simulated endpoint as the fault tests drive it: the simulated feed, the client decoder and subscriptions
/// covering its packet layouts, and the error reasons its corrupt messages must produce, read off each decoder's
/// framing rules: an impossible length prefix is BadLengthPrefix, a known packet cut short is Truncated, and for the
/// JSON feed both are BadJson. <see cref="FragmentBytes"/> is below the smallest data message the endpoint can send
/// (which message types go out depends on when each subscription request landed), so every data message is fragmented.
/// </summary>
internal sealed record SimulatedProtocolCase(
    string Path,
    Func<ISimulatedFeed> CreateFeed,
    IReadOnlyList<Subscription> Subscriptions,
    Func<DepthSlabPool, IFeedProtocol> CreateProtocol,
    ParseErrorReason GarbageReason,
    ParseErrorReason TruncationReason,
    int FragmentBytes,
    string Query = "",
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static readonly string[] Paths = ["/kite", "/dhan", "/dhan/depth20", "/dhan/depth200", "/kotak", "/kotak/hsm", "/binance/stream"];

    public static SimulatedProtocolCase For(string path) => path switch
    {
        "/kite" => new(
            path,
            static () => new KiteSimulatedFeed(),
            KiteTestFeed.Mixed(),
            static _ => new KiteProtocol(),
            ParseErrorReason.BadLengthPrefix,
            ParseErrorReason.Truncated,
            FragmentBytes: 8,
            Query: "?api_key=test&access_token=secret",
            Headers: [new("X-Kite-Version", "3")]),
        "/dhan" => Dhan(path, static () => new DhanSimulatedFeed(), [
            DhanSubscription(1333, "NSE_EQ", SubscriptionMode.Full),
            DhanSubscription(11536, "NSE_EQ", SubscriptionMode.Quote),
            DhanSubscription(42661, "NSE_FNO", SubscriptionMode.Quote),
            DhanSubscription(10093, "NSE_CURRENCY", SubscriptionMode.Ltp, priceDecimals: 4),
            DhanSubscription(13, "IDX_I", SubscriptionMode.Ltp),
        ], static (subscriptions, _) => new DhanProtocol(subscriptions: subscriptions), fragmentBytes: 8),
        "/dhan/depth20" => Dhan(path, static () => new DhanDepth20SimulatedFeed(), [
            DhanSubscription(1333, "NSE_EQ", SubscriptionMode.Depth20),
            DhanSubscription(11536, "NSE_EQ", SubscriptionMode.Depth20),
            DhanSubscription(42661, "NSE_FNO", SubscriptionMode.Depth20),
        ], static (subscriptions, slabs) => new DhanDepthProtocol(SubscriptionMode.Depth20, slabs, subscriptions: subscriptions), fragmentBytes: 256),
        "/dhan/depth200" => Dhan(path, static () => new DhanDepth200SimulatedFeed(), [
            DhanSubscription(42661, "NSE_FNO", SubscriptionMode.Depth200),
        ], static (subscriptions, slabs) => new DhanDepthProtocol(SubscriptionMode.Depth200, slabs, subscriptions: subscriptions), fragmentBytes: 2048),
        "/kotak" => Kotak(path),
        "/kotak/hsm" => KotakHsm(path),
        "/binance/stream" => new(
            path,
            static () => new BinanceSimulatedFeed(),
            s_binance,
            static _ => new BinanceProtocol(s_binance, new BinanceProtocolOptions { SynchronizeBooks = false }),
            ParseErrorReason.BadJson,
            ParseErrorReason.BadJson,
            FragmentBytes: 32),
        _ => throw new ArgumentException("no fault-test case for " + path, nameof(path)),
    };

    private static readonly Subscription[] s_binance =
    [
        new(InstrumentId.From(FeedKind.Binance, 1), "btcusdt", "", SubscriptionMode.Full, 2, 8),
        new(InstrumentId.From(FeedKind.Binance, 2), "ethusdt", "", SubscriptionMode.Depth20, 2, 8),
        new(InstrumentId.From(FeedKind.Binance, 3), "bnbusdt", "", SubscriptionMode.Quote, 4, 8),
    ];

    public FeedSessionOptions SessionOptions(SimulatorServer server) => new()
    {
        Uri = server.GetFeedUri(Path, Query),
        RequestHeaders = Headers ?? [],
        Name = "fault-test" + Path.Replace('/', '-'),
        StaleTimeout = TimeSpan.FromSeconds(60),
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromMilliseconds(50),
        BackoffSeed = 1,
    };

    public override string ToString() => Path;

    private static SimulatedProtocolCase Dhan(string path, Func<ISimulatedFeed> feed, Subscription[] subscriptions, Func<Subscription[], DepthSlabPool, IFeedProtocol> protocol, int fragmentBytes) =>
        new(path, feed, subscriptions, slabs => protocol(subscriptions, slabs), ParseErrorReason.BadLengthPrefix, ParseErrorReason.Truncated, fragmentBytes);

    private static Subscription DhanSubscription(long securityId, string segment, SubscriptionMode mode, byte priceDecimals = 2) =>
        new(InstrumentId.From(FeedKind.Dhan, securityId), string.Empty, segment, mode, priceDecimals, 0);

    private static SimulatedProtocolCase Kotak(string path)
    {
        // Every SFeed layout: market picture at depth 5 and 20 (slab), touch line, mini touch line, index.
        Subscription[] subscriptions =
        [
            KotakSubscription(2885, "nse_cm|2885", SubscriptionMode.Full),
            KotakSubscription(11536, "nse_cm|11536", SubscriptionMode.Quote),
            KotakSubscription(42149, "nse_fo|42149", SubscriptionMode.Depth20),
            KotakSubscription(1234, "cde_fo|1234", SubscriptionMode.Ltp, priceDecimals: 4),
            KotakSubscription(26000, "nse_cm|Nifty 50", SubscriptionMode.Quote),
        ];
        return new(
            path,
            static () => new KotakSimulatedFeed(),
            subscriptions,
            slabs => new KotakSFeedProtocol(new KotakSFeedOptions { User = "simulated-user", SessionToken = "simulated-session" }, subscriptions, slabs),
            ParseErrorReason.BadLengthPrefix,
            ParseErrorReason.Truncated,
            FragmentBytes: 16);
    }

    private static SimulatedProtocolCase KotakHsm(string path)
    {
        // Scrip topics (with a depth topic in Full mode) and an index topic, under the same scrip names as SFeed.
        Subscription[] subscriptions =
        [
            KotakSubscription(2885, "nse_cm|2885", SubscriptionMode.Full),
            KotakSubscription(11536, "nse_cm|11536", SubscriptionMode.Quote),
            KotakSubscription(42149, "nse_fo|42149", SubscriptionMode.Full),
            KotakSubscription(1234, "cde_fo|1234", SubscriptionMode.Ltp, priceDecimals: 4),
            KotakSubscription(26000, "nse_cm|Nifty 50", SubscriptionMode.Quote),
        ];

        // Garbage is a message type HSM does not define; truncation cuts a data frame inside its first record.
        return new(
            path,
            static () => new KotakHsmSimulatedFeed(),
            subscriptions,
            _ => new KotakHsmProtocol(new KotakHsmOptions { AccessToken = "simulated-access", SessionToken = "simulated-session" }, subscriptions),
            ParseErrorReason.UnknownMessageCode,
            ParseErrorReason.Truncated,
            FragmentBytes: 16);
    }

    private static Subscription KotakSubscription(long token, string scrip, SubscriptionMode mode, byte priceDecimals = 2) =>
        new(InstrumentId.From(FeedKind.Kotak, token), scrip, string.Empty, mode, priceDecimals, 0);
}
