using LowLatencyFeed.Brokers.History;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Backfill;

/// <summary>One historical candle client per broker, each with its own token bucket, shared by every backfill job of the process.</summary>
public sealed class HistoricalClients : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates the clients from the <c>Backfill</c> section; <paramref name="secrets"/> resolves credential placeholders.</summary>
    public HistoricalClients(BackfillOptions options, SecretResolver? secrets = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        string Secret(string text) => text.Length == 0 || secrets is null ? text : secrets.Resolve(text, escapeForUrl: false);
        var backoff = TimeSpan.FromMilliseconds(options.InitialBackoffMilliseconds);
        Kite = new KiteHistoricalClient(_http, new Uri(options.KiteRestUrl), new TokenBucket(options.KiteRequestsPerSecond, time: time), options.KiteApiKey, Secret(options.KiteAccessToken), time)
        {
            MaxRateLimitRetries = options.MaxRateLimitRetries,
            InitialBackoff = backoff,
        };
        Dhan = new DhanHistoricalClient(_http, new Uri(options.DhanRestUrl), new TokenBucket(options.DhanRequestsPerSecond, time: time), Secret(options.DhanAccessToken), options.DhanClientId, time)
        {
            MaxRateLimitRetries = options.MaxRateLimitRetries,
            InitialBackoff = backoff,
        };
        Binance = new BinanceHistoricalClient(_http, new Uri(options.BinanceRestUrl), new TokenBucket(options.BinanceRequestsPerSecond, time: time), time)
        {
            MaxRateLimitRetries = options.MaxRateLimitRetries,
            InitialBackoff = backoff,
        };
    }

    /// <summary>Kite.</summary>
    public KiteHistoricalClient Kite { get; }

    /// <summary>Dhan.</summary>
    public DhanHistoricalClient Dhan { get; }

    /// <summary>Binance.</summary>
    public BinanceHistoricalClient Binance { get; }

    /// <summary>The client of <paramref name="broker"/>; null for Kotak, whose official API has no history (Kotak/README.md §13).</summary>
    public HistoricalCandleClient? For(BrokerKind broker) => broker switch
    {
        BrokerKind.Kite => Kite,
        BrokerKind.Dhan => Dhan,
        BrokerKind.Binance => Binance,
        _ => null,
    };

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
