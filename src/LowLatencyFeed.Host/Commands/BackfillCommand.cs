using LowLatencyFeed.Brokers.History;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Backfill;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Subscriptions;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed backfill --config FILE --instrument Kite:408065 --timeframe 1m --from T --to T [--database CONNECTION]</c>:
/// fetches the broker's historical candles into <c>llfeed.bars</c> (source 'backfill'), resumable and exactly once
/// (Storage README, "Backfill"). The instrument is <c>Feed:Token</c>, the numeric id or a configured symbol.
/// </summary>
public static class BackfillCommand
{
    /// <summary>Exit 0 when the range is filled, 1 when the broker or the database failed, 2 for usage errors.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        string config = line.GetString("config") ?? throw new CommandLineException("backfill needs --config FILE (feeds, database, Backfill section)");
        string instrumentText = line.GetString("instrument") ?? throw new CommandLineException("backfill needs --instrument (Kite:408065, the numeric id or a configured symbol)");
        string timeframeText = line.GetString("timeframe", "1m")!;
        string fromText = line.GetString("from") ?? throw new CommandLineException("backfill needs --from (ISO 8601 or Unix milliseconds)");
        string? toText = line.GetString("to");
        string? database = line.GetString("database");
        line.RejectUnknownOptions();

        TimeSpan timeframe = TimeframeNames.Parse(timeframeText);
        if (timeframe <= TimeSpan.Zero)
        {
            throw new CommandLineException($"--timeframe must be 1m, 5m, 15m, 1h, 1d … or seconds, got '{timeframeText}'");
        }

        if (!RangeRequest.TryParseTime(fromText, out DateTimeOffset from))
        {
            throw new CommandLineException($"--from must be ISO 8601 (2026-01-05T09:15:00Z) or Unix milliseconds, got '{fromText}'");
        }

        time ??= TimeProvider.System;
        DateTimeOffset to = time.GetUtcNow();
        if (toText is not null && !RangeRequest.TryParseTime(toText, out to))
        {
            throw new CommandLineException($"--to must be ISO 8601 (2026-01-05T15:30:00Z) or Unix milliseconds, got '{toText}'");
        }

        if (from >= to)
        {
            throw new CommandLineException($"--from ({from:O}) must be before --to ({to:O})");
        }

        FeedHostOptions options = ConfigurationLoader.Load(config, requireFeeds: false);
        if (database is not null)
        {
            options.Database.ConnectionString = database;
        }

        var catalog = new InstrumentCatalog(options.Feeds);
        InstrumentInfo? instrument = catalog.Find(instrumentText);
        if (instrument is not null)
        {
            _ = BrokerOfInstrument(instrument);
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        using var setup = DatabaseSetup.Open(options, loggerFactory.CreateLogger("LowLatencyFeed.Database"));
        if (setup.ConnectionString is null)
        {
            throw new CommandLineException($"backfill writes to the database, and there is none ({setup.Description})");
        }

        if (instrument is null)
        {
            // Instruments subscribed at runtime (POST /api/feeds/{name}/subscriptions, kept in llfeed.feed_subscriptions)
            // are known as the host knows them: the kept changes over the configured instruments.
            IReadOnlyList<PersistedSubscription> kept = await FeedHost.OpenSubscriptionStore(options, setup).LoadAsync(cancellationToken).ConfigureAwait(false);
            SubscriptionOverrides.Apply(options.Feeds, kept);
            catalog = new InstrumentCatalog(options.Feeds);
            FeedHost.KeepUnsubscribed(catalog, options.Feeds, kept);
            instrument = catalog.Find(instrumentText)
                ?? throw new CommandLineException($"unknown instrument '{instrumentText}': no configured feed lists it and none subscribed it at runtime (Feed:Token such as Kite:408065, the numeric id, or a configured symbol)");
        }

        BrokerKind broker = BrokerOfInstrument(instrument);
        var history = new HistoryInstrument(broker, instrument.Token, instrument.Symbol ?? "", instrument.Segment ?? "", instrument.PriceDecimals, instrument.QuantityDecimals, DhanInstrumentType(instrument.Segment));

        using var clients = new HistoricalClients(options.Backfill, new SecretResolver(options.SecretsFile), time);
        var runner = new BackfillRunner(clients, setup.ConnectionString, time);
        try
        {
            BackfillResult result = await runner.RunAsync(new BackfillRequest(history, instrument.InstrumentId, (int)timeframe.TotalSeconds, from, to), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"llfeed backfill {instrument.Id} {TimeframeNames.NameOf(timeframe)}: {result}");
            if (result.Candles == 0 && result.Chunks > 0)
            {
                output.WriteLine($"note: {broker} returned no {TimeframeNames.NameOf(timeframe)} candles for {instrument.Id} in this range (outside its sessions, or before its history starts)");
            }

            return 0;
        }
        catch (HistoricalDataException exception) when (exception.IsUsageError)
        {
            output.WriteLine($"llfeed backfill: {exception.Message}");
            return 2;
        }
        catch (HistoricalDataException exception)
        {
            output.WriteLine($"llfeed backfill failed: {exception.Message} (run it again to resume)");
            return 1;
        }
    }

    private static BrokerKind BrokerOfInstrument(InstrumentInfo instrument) =>
        BrokerOf(instrument.Protocol)
        ?? throw new CommandLineException($"'{instrument.Id}' is on a {instrument.Protocol} feed, which has no historical candle API (Kotak/README.md §13)");

    /// <summary>The broker whose history a feed protocol's instruments come from; null when it has none.</summary>
    public static BrokerKind? BrokerOf(string protocol) => protocol.ToLowerInvariant() switch
    {
        "kite" => BrokerKind.Kite,
        "dhan" or "dhan-depth20" or "dhan-depth200" => BrokerKind.Dhan,
        "binance" => BrokerKind.Binance,
        _ => null,
    };

    /// <summary>Dhan's <c>instrument</c> for a segment: INDEX for IDX_I; the configuration does not say which derivative, so EQUITY otherwise.</summary>
    private static string DhanInstrumentType(string? segment) => segment == "IDX_I" ? "INDEX" : "EQUITY";
}
