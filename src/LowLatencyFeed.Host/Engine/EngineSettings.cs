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

    /// <summary>The engine's settings from the host options.</summary>
    public static EngineSettings From(FeedHostOptions options) =>
        new(options.DataDirectory, options.Ring, options.Pinning, TimeSpan.FromMilliseconds(options.ClockIntervalMilliseconds), options.Processing, options.Journal, options.Database);
}
