namespace LowLatencyFeed.Host.Configuration;

/// <summary>Everything <c>llfeed run</c> reads from its JSON config file (and <c>LLFEED__</c> environment variables).</summary>
public sealed class FeedHostOptions
{
    /// <summary>Where the journal (and a private database cluster) live.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Prometheus endpoint address; port 0 picks a free port.</summary>
    public string MetricsUrl { get; set; } = "http://127.0.0.1:9464";

    /// <summary>A JSON file of NAME → secret used for <c>${NAME}</c> placeholders (environment variables win).</summary>
    public string? SecretsFile { get; set; }

    /// <summary>Period of the clock events that close bars on a quiet market.</summary>
    public int ClockIntervalMilliseconds { get; set; } = 250;

    /// <summary>Ingress ring.</summary>
    public RingOptions Ring { get; set; } = new();

    /// <summary>Consumer thread pinning.</summary>
    public PinningOptions Pinning { get; set; } = new();

    /// <summary>The database.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>The LZ4 journal.</summary>
    public JournalOptions Journal { get; set; } = new();

    /// <summary>Bars, books and signals.</summary>
    public ProcessingOptions Processing { get; set; } = new();

    /// <summary>Broker connections.</summary>
    public List<FeedOptions> Feeds { get; set; } = [];

    /// <summary>The bus stage (publish to NATS JetStream).</summary>
    public BusOptions Bus { get; set; } = new();

    /// <summary>The HTTP API and the live stream.</summary>
    public ApiOptions Api { get; set; } = new();

    /// <summary>Where the brokers' instrument masters are downloaded from (<c>llfeed instruments sync</c>).</summary>
    public LowLatencyFeed.Brokers.Masters.InstrumentMasterSources InstrumentMasters { get; set; } = new();

    /// <summary>Broker logins (<c>llfeed login</c>) and token expiry warnings.</summary>
    public LoginOptions Logins { get; set; } = new();

    /// <summary>Market sessions: when the feeds connect and disconnect.</summary>
    public SessionOptions Sessions { get; set; } = new();

    /// <summary>Broker history: where to fetch candles, how fast, and the automatic mode (<c>llfeed backfill</c>).</summary>
    public BackfillOptions Backfill { get; set; } = new();

    /// <summary>Where events come from: broker feeds (default) or the bus.</summary>
    public SourceOptions Source { get; set; } = new();
}
