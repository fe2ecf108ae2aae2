using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Transport;
using LowLatencyFeed.Transport.Binance;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>Turns configured feeds into running sessions: protocol, subscriptions, endpoint with secrets filled in.</summary>
public static class FeedFactory
{
    /// <summary>
    /// One runner per configured feed. Deep depth goes into <paramref name="slabs"/>; <paramref name="controlClock"/>
    /// paces the control messages of brokers that limit them (system clock when null; tests move their own).
    /// </summary>
    public static IReadOnlyList<IFeedRunner> Create(FeedHostOptions options, DepthSlabPool slabs, ILoggerFactory loggerFactory, TimeProvider? controlClock = null)
    {
        // Stored broker tokens (${LLFEED_TOKEN_KITE} …) are read from the token store each time a connection is built.
        var secrets = new SecretResolver(options.SecretsFile, options.DataDirectory);
        var runners = new List<IFeedRunner>();
        ushort sessionId = 0;
        foreach (var feed in options.Feeds)
        {
            var feedKind = FeedKindOf(feed.Protocol);
            var subscriptions = SubscriptionsOf(feed);
            var chunks = ConnectionLimits.Split(feed.Protocol, subscriptions);
            for (int part = 0; part < chunks.Count; part++)
            {
                string name = chunks.Count == 1 ? feed.Name : $"{feed.Name}#{part + 1}";
                runners.Add(CreateSession(feed, name, ++sessionId, feedKind, chunks[part], slabs, secrets, loggerFactory, controlClock));
            }
        }

        return runners;
    }

    /// <summary>
    /// One more connection of <paramref name="feed"/>, opened while the host runs, carrying <paramref name="subscriptions"/>
    /// (a runtime subscription that fits on none of the feed's connections).
    /// </summary>
    public static SessionFeedRunner CreateConnection(FeedHostOptions options, FeedOptions feed, string name, ushort sessionId, IReadOnlyList<Subscription> subscriptions, DepthSlabPool slabs, ILoggerFactory loggerFactory, TimeProvider? controlClock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(feed);
        var secrets = new SecretResolver(options.SecretsFile, options.DataDirectory);
        return CreateSession(feed, name, sessionId, FeedKindOf(feed.Protocol), [.. subscriptions], slabs, secrets, loggerFactory, controlClock);
    }

    /// <summary>The subscriptions of a configured feed, in configuration order.</summary>
    internal static List<Subscription> SubscriptionsOf(FeedOptions feed)
    {
        var feedKind = FeedKindOf(feed.Protocol);
        var subscriptions = new List<Subscription>();
        foreach (var instrument in feed.Instruments)
        {
            subscriptions.Add(new Subscription(
                InstrumentId.From(feedKind, instrument.Token),
                instrument.Symbol,
                instrument.Segment,
                instrument.Mode,
                instrument.PriceDecimals ?? 2,
                instrument.QuantityDecimals ?? 0));
        }

        return subscriptions;
    }

    /// <summary>
    /// The protocol a live session of <paramref name="feed"/> decodes with (Binance: without its snapshot fetcher, which
    /// the caller attaches) and the handshake headers.
    /// </summary>
    internal static (IFeedProtocol Protocol, IReadOnlyList<KeyValuePair<string, string>> Headers) CreateDecoder(
        FeedOptions feed,
        ushort sessionId,
        List<Subscription> subscriptions,
        FeedDiagnostics diagnostics,
        DepthSlabPool slabs,
        ILogger logger) =>
        FeedKindOf(feed.Protocol) == FeedKind.Binance
            ? (CreateBinance(sessionId, subscriptions, diagnostics, slabs, logger), [])
            : CreateProtocol(feed, sessionId, subscriptions, diagnostics, slabs, new SecretResolver(null), logger);

    private static BinanceProtocol CreateBinance(ushort sessionId, List<Subscription> subscriptions, FeedDiagnostics diagnostics, DepthSlabPool slabs, ILogger logger) =>
        new(subscriptions, new BinanceProtocolOptions { SessionId = sessionId, Slabs = slabs }, diagnostics, logger);

    private static SessionFeedRunner CreateSession(
        FeedOptions feed,
        string name,
        ushort sessionId,
        FeedKind feedKind,
        List<Subscription> subscriptions,
        DepthSlabPool slabs,
        SecretResolver secrets,
        ILoggerFactory loggerFactory,
        TimeProvider? controlClock)
    {
        var logger = loggerFactory.CreateLogger("LowLatencyFeed.Feed." + name);
        var diagnostics = new FeedDiagnostics(name, logger);
        IAsyncDisposable? companion = null;
        IFeedProtocol protocol;
        IReadOnlyList<KeyValuePair<string, string>> headers = [];
        if (feedKind == FeedKind.Binance)
        {
            var binance = CreateBinance(sessionId, subscriptions, diagnostics, slabs, logger);
            companion = BinanceSnapshotFetcher.AttachTo(binance, new BinanceDepthSnapshotClient(new Uri(feed.RestUrl)), logger: logger);
            protocol = binance;
        }
        else
        {
            (protocol, headers) = CreateProtocol(feed, sessionId, subscriptions, diagnostics, slabs, secrets, logger);
        }

        FeedSessionOptions SessionOptions() => new()
        {
            Uri = new Uri(secrets.Resolve(feed.Url)),
            Name = name,
            SessionId = sessionId,
            StaleTimeout = TimeSpan.FromSeconds(feed.StaleTimeoutSeconds),
            RequestHeaders = headers,

            // Binance/README.md §2: at most 5 incoming messages a second per connection, or it is closed. Changes made
            // faster wait in the session and go out merged (§16); other brokers state no such limit.
            ControlMessageLimit = feedKind == FeedKind.Binance ? BinanceStreamLimits.ControlMessagesPerWindow : 0,
            ControlMessageWindow = BinanceStreamLimits.ControlMessageWindow,
            ControlClock = controlClock ?? TimeProvider.System,
        };
        // Binance's snapshot fetcher is bound to its protocol instance, so only the other feeds can be restarted. A
        // restart resolves the URL and credentials again, so it connects with the token stored now (token rotation).
        Func<IReadOnlyList<Subscription>, FeedSession>? recreate = feedKind == FeedKind.Binance
            ? null
            : current => new FeedSession(CreateProtocol(feed, sessionId, [.. current], diagnostics, slabs, secrets, logger).Protocol, current, SessionOptions(), logger);
        bool usesStoredToken = StoredTokenNames.IsUsedBy(feed.Url) || StoredTokenNames.IsUsedBy(feed.User)
            || StoredTokenNames.IsUsedBy(feed.SessionToken) || StoredTokenNames.IsUsedBy(feed.AccessToken);
        return new SessionFeedRunner(name, new FeedSession(protocol, subscriptions, SessionOptions(), logger), companion, recreate)
        {
            Broker = BrokerOf(feedKind),
            StoredTokenBroker = usesStoredToken ? BrokerOf(feedKind) : null,
        };
    }

    private static LowLatencyFeed.Brokers.Instruments.BrokerKind BrokerOf(FeedKind kind) => kind switch
    {
        FeedKind.Kite => LowLatencyFeed.Brokers.Instruments.BrokerKind.Kite,
        FeedKind.Dhan => LowLatencyFeed.Brokers.Instruments.BrokerKind.Dhan,
        FeedKind.Kotak => LowLatencyFeed.Brokers.Instruments.BrokerKind.Kotak,
        _ => LowLatencyFeed.Brokers.Instruments.BrokerKind.Binance,
    };

    /// <summary>The broker behind a protocol name.</summary>
    public static FeedKind FeedKindOf(string protocol) => protocol.ToLowerInvariant() switch
    {
        "kite" => FeedKind.Kite,
        "dhan" or "dhan-depth20" or "dhan-depth200" => FeedKind.Dhan,
        "kotak" or "kotak-hsm" => FeedKind.Kotak,
        "binance" => FeedKind.Binance,
        _ => throw new InvalidOperationException($"protocol '{protocol}' is not supported"),
    };

    private static (IFeedProtocol Protocol, IReadOnlyList<KeyValuePair<string, string>> Headers) CreateProtocol(
        FeedOptions feed,
        ushort sessionId,
        List<Subscription> subscriptions,
        FeedDiagnostics diagnostics,
        DepthSlabPool slabs,
        SecretResolver secrets,
        ILogger logger) => feed.Protocol.ToLowerInvariant() switch
        {
            "kite" => (new KiteProtocol(diagnostics, sessionId, logger), [new("X-Kite-Version", "3")]),
            "dhan" => (new DhanProtocol(new DhanFeedOptions { SessionId = sessionId }, subscriptions, diagnostics, logger), []),
            "dhan-depth20" => (new DhanDepthProtocol(SubscriptionMode.Depth20, slabs, new DhanFeedOptions { SessionId = sessionId }, subscriptions, diagnostics, logger), []),
            "dhan-depth200" => (new DhanDepthProtocol(SubscriptionMode.Depth200, slabs, new DhanFeedOptions { SessionId = sessionId }, subscriptions, diagnostics, logger), []),
            "kotak" => (new KotakSFeedProtocol(
                new KotakSFeedOptions
                {
                    User = secrets.Resolve(feed.User, escapeForUrl: false),
                    SessionToken = secrets.Resolve(feed.SessionToken, escapeForUrl: false),
                    SessionId = sessionId,
                },
                subscriptions,
                slabs,
                diagnostics,
                logger), []),
            "kotak-hsm" => (new KotakHsmProtocol(
                new KotakHsmOptions
                {
                    AccessToken = secrets.Resolve(feed.AccessToken, escapeForUrl: false),
                    SessionToken = secrets.Resolve(feed.SessionToken, escapeForUrl: false),
                    SessionId = sessionId,
                },
                subscriptions,
                diagnostics,
                logger), []),
            _ => throw new InvalidOperationException($"Feed '{feed.Name}': protocol '{feed.Protocol}' is not supported"),
        };
}
