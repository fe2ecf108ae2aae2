using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Transport;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>Turns configured feeds into running sessions: protocol, subscriptions, endpoint with secrets filled in.</summary>
public static class FeedFactory
{
    /// <summary>One runner per configured feed.</summary>
    public static IReadOnlyList<IFeedRunner> Create(FeedHostOptions options, ILoggerFactory loggerFactory)
    {
        var secrets = new SecretResolver(options.SecretsFile);
        var runners = new List<IFeedRunner>();
        for (int i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            ushort sessionId = (ushort)(i + 1);
            var logger = loggerFactory.CreateLogger("LowLatencyFeed.Feed." + feed.Name);
            var (protocol, feedKind, headers) = CreateProtocol(feed, sessionId, logger);
            var subscriptions = new List<Subscription>();
            foreach (var instrument in feed.Instruments)
            {
                subscriptions.Add(new Subscription(
                    InstrumentId.From(feedKind, instrument.Token),
                    instrument.Symbol,
                    instrument.Segment,
                    instrument.Mode,
                    instrument.PriceDecimals,
                    instrument.QuantityDecimals));
            }

            var sessionOptions = new FeedSessionOptions
            {
                Uri = new Uri(secrets.Resolve(feed.Url)),
                Name = feed.Name,
                SessionId = sessionId,
                StaleTimeout = TimeSpan.FromSeconds(feed.StaleTimeoutSeconds),
                RequestHeaders = headers,
            };
            runners.Add(new SessionFeedRunner(feed.Name, new FeedSession(protocol, subscriptions, sessionOptions, logger)));
        }

        return runners;
    }

    private static (IFeedProtocol Protocol, FeedKind Feed, IReadOnlyList<KeyValuePair<string, string>> Headers) CreateProtocol(FeedOptions feed, ushort sessionId, ILogger logger) =>
        feed.Protocol.ToLowerInvariant() switch
        {
            "kite" => (new KiteProtocol(new FeedDiagnostics(feed.Name, logger), sessionId, logger), FeedKind.Kite, [new("X-Kite-Version", "3")]),
            _ => throw new InvalidOperationException($"Feed '{feed.Name}': protocol '{feed.Protocol}' is not supported"),
        };
}
