using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Engine;

/// <summary>What the engine needs from configuration, independent of how it was loaded.</summary>
/// <param name="DataDirectory">Root of everything the engine writes.</param>
/// <param name="Ring">Ingress ring.</param>
/// <param name="Pinning">Consumer pinning.</param>
/// <param name="ClockInterval">Clock event period.</param>
/// <param name="Processing">Bars, books and signals.</param>
/// <param name="Journal">The journal.</param>
/// <param name="Database">The database (batching); the connection itself is resolved by the host.</param>
public sealed record EngineSettings(string DataDirectory, RingOptions Ring, PinningOptions Pinning, TimeSpan ClockInterval, ProcessingOptions Processing, JournalOptions Journal, DatabaseOptions Database)
{
    /// <summary>Where the journal segments live.</summary>
    public string JournalDirectory => Path.Combine(DataDirectory, "journal");

    /// <summary>The bus stage (disabled by default).</summary>
    public BusOptions Bus { get; init; } = new();

    /// <summary>Resolves <c>${NAME}</c> placeholders of the bus settings.</summary>
    public string? SecretsFile { get; init; }

    /// <summary>
    /// Whether the engine publishes its own clock events and start/stop markers. A bus consumer host does not: time and
    /// run markers come from its sources, so its bars close exactly as the feed host's did, even on a backlog.
    /// </summary>
    public bool LocalClock { get; init; } = true;

    /// <summary>The live stream stage's limits.</summary>
    public Streaming.StreamOptions Stream { get; init; } = new();

    /// <summary>
    /// The session (bar anchor) of each instrument, by its exchange segment from the instrument masters
    /// (Processing/README.md "Sessions by exchange segment"); null: each feed's default
    /// (<see cref="Processing.Bars.TradingSession.ForInstrument"/>).
    /// </summary>
    public Func<Core.Instruments.InstrumentId, Processing.Bars.TradingSession>? SessionResolver { get; init; }

    /// <summary>The bar options of every bar stage of the engine (live, storage, scoring), with <see cref="SessionResolver"/>.</summary>
    public Processing.Bars.BarOptions BarOptions()
    {
        Processing.Bars.BarOptions options = Processing.ToBarOptions();
        return SessionResolver is null ? options : options with { SessionResolver = SessionResolver };
    }

    /// <summary>Sees every event on the last ingress stage (the end-to-end latency harness); null (the default) for none.</summary>
    public IStageProbe? LastStageProbe { get; init; }

    /// <summary>The engine's settings from the host options.</summary>
    public static EngineSettings From(FeedHostOptions options) =>
        new(options.DataDirectory, BusRing(options), options.Pinning, TimeSpan.FromMilliseconds(options.ClockIntervalMilliseconds), options.Processing, options.Journal, options.Database)
        {
            Bus = options.Bus,
            SecretsFile = options.SecretsFile,
            LocalClock = !options.Source.IsJetStream,
            Stream = options.Api.Stream,
            InstrumentDecimals = DecimalsOf(options.Feeds),
        };

    /// <summary>
    /// Price and quantity decimals of each configured instrument (by <c>InstrumentId.Value</c>): the mantissas stored bars
    /// are read back at when indicators are seeded from the database.
    /// </summary>
    public IReadOnlyDictionary<long, (byte Price, byte Quantity)> InstrumentDecimals { get; init; } = new Dictionary<long, (byte, byte)>();

    private static Dictionary<long, (byte Price, byte Quantity)> DecimalsOf(IReadOnlyList<FeedOptions> feeds)
    {
        var decimals = new Dictionary<long, (byte Price, byte Quantity)>();
        foreach (FeedOptions feed in feeds)
        {
            Core.Events.FeedKind kind = feed.Protocol.ToLowerInvariant() switch
            {
                "kite" => Core.Events.FeedKind.Kite,
                "dhan" or "dhan-depth20" or "dhan-depth200" => Core.Events.FeedKind.Dhan,
                "kotak" or "kotak-hsm" => Core.Events.FeedKind.Kotak,
                "binance" => Core.Events.FeedKind.Binance,
                _ => Core.Events.FeedKind.None,
            };
            if (kind == Core.Events.FeedKind.None)
            {
                continue;
            }

            foreach (InstrumentOptions instrument in feed.Instruments)
            {
                decimals[Core.Instruments.InstrumentId.From(kind, instrument.Token).Value] = (instrument.PriceDecimals ?? 2, instrument.QuantityDecimals ?? 0);
            }
        }

        return decimals;
    }

    /// <summary>
    /// A consumer host has no local clock events, so its stages need a wait strategy that times out to flush the journal
    /// tail and aged database batches on a quiet bus: anything else becomes TimeoutBlocking.
    /// </summary>
    private static RingOptions BusRing(FeedHostOptions options) => options.Source.IsJetStream && options.Ring.WaitStrategy != LowLatencyFeed.Ring.Waiting.WaitStrategyKind.TimeoutBlocking
        ? new RingOptions { Capacity = options.Ring.Capacity, WaitStrategy = LowLatencyFeed.Ring.Waiting.WaitStrategyKind.TimeoutBlocking, Backpressure = options.Ring.Backpressure }
        : options.Ring;
}
