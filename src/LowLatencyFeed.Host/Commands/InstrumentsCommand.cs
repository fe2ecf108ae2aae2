using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed instruments sync|search|show</c>: download the brokers' instrument masters into the data directory, and
/// look instruments up in the cached masters (Brokers/README.md §1–§3).
/// </summary>
public static class InstrumentsCommand
{
    /// <summary>Exit 0 on success, 1 when a sync failed or nothing was found, 2 for usage errors.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        string? config = line.GetString("config");
        string? dataDirectory = line.GetString("data-dir");
        string brokerText = line.GetString("broker", "all")!;
        int limit = (int)line.GetInt64("limit", 20, 1, 10_000);
        string? dayText = line.GetString("day");
        line.RejectUnknownOptions();

        FeedHostOptions options = config is null ? new FeedHostOptions() : ConfigurationLoader.Load(config, requireFeeds: false);
        if (dataDirectory is not null)
        {
            options.DataDirectory = dataDirectory;
        }

        List<BrokerKind> brokers = ParseBrokers(brokerText);
        var cache = new InstrumentMasterCache(options.DataDirectory);
        switch (line.Verb)
        {
            case "instruments sync":
            {
                DateOnly day = dayText is null
                    ? DateOnly.FromDateTime(DateTime.UtcNow.AddMinutes(330)) // the IST trading day
                    : DateOnly.ParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return await SyncAsync(options, cache, brokers, day, output, cancellationToken).ConfigureAwait(false);
            }

            case "instruments search":
                return Search(cache, brokers, Query(line), limit, output);
            case "instruments show":
                return Show(cache, brokers, Query(line), output);
            default:
                throw new CommandLineException("instruments needs sync, search TEXT or show NAME");
        }
    }

    private static async Task<int> SyncAsync(FeedHostOptions options, InstrumentMasterCache cache, List<BrokerKind> brokers, DateOnly day, TextWriter output, CancellationToken cancellationToken)
    {
        var secrets = new SecretResolver(options.SecretsFile);
        InstrumentMasterSources sources = options.InstrumentMasters;
        string? Token(BrokerKind broker)
        {
            string text = broker switch
            {
                BrokerKind.Kite => sources.KiteAccessToken,
                BrokerKind.Kotak => sources.KotakAppToken,
                _ => "",
            };
            return text.Length == 0 ? null : secrets.Resolve(text, escapeForUrl: false);
        }

        // With a database configured (Database:ConnectionString or DATABASE_URL), each published day also goes to
        // llfeed.instrument_master, as the running host stores it; the cache stays the copy of record.
        string? configured = string.IsNullOrEmpty(options.Database.ConnectionString) ? null : secrets.Resolve(options.Database.ConnectionString, escapeForUrl: false);
        string? connectionString;
        try
        {
            connectionString = LowLatencyFeed.Storage.Connection.ConnectionStringResolver.Resolve(configured);
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException($"Database:ConnectionString / DATABASE_URL is not a valid connection string: {exception.Message}");
        }

        await using var table = connectionString is null ? null : new LowLatencyFeed.Storage.Reference.InstrumentMasterTable(connectionString);
        bool migrated = false;
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }) { Timeout = TimeSpan.FromMinutes(5) };
        var downloader = new MasterDownloader(http, sources, Token);
        int result = 0;
        foreach (BrokerKind broker in brokers)
        {
            MasterStatus status = await cache.SyncAsync(broker, day, downloader, cancellationToken).ConfigureAwait(false);
            if (status.Warning is null)
            {
                output.WriteLine($"{broker}: {status.Master!.Instruments.Count} instruments for {day:yyyy-MM-dd}");
                if (table is not null)
                {
                    try
                    {
                        if (!migrated)
                        {
                            LowLatencyFeed.Storage.StorageService.Migrate(connectionString!);
                            migrated = true;
                        }

                        long rows = await table.ReplaceDayAsync(broker.ToString(), status.Master.ValidOn, LowLatencyFeed.Host.Masters.MasterRows.From(status.Master), cancellationToken).ConfigureAwait(false);
                        output.WriteLine($"{broker}: {rows} rows in llfeed.instrument_master for {status.Master.ValidOn:yyyy-MM-dd}");
                    }
                    catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException or LowLatencyFeed.Storage.Connection.DatabaseException)
                    {
                        output.WriteLine($"{broker}: WARNING the master of {day:yyyy-MM-dd} is in the cache but not in llfeed.instrument_master: {exception.Message}");
                        result = 1;
                    }
                }
            }
            else
            {
                output.WriteLine($"{broker}: WARNING {status.Warning}");
                result = 1;
            }
        }

        return result;
    }

    private static int Search(InstrumentMasterCache cache, List<BrokerKind> brokers, string text, int limit, TextWriter output)
    {
        int found = 0;
        foreach (InstrumentMaster master in Masters(cache, brokers, output))
        {
            foreach (MasterInstrument instrument in master.Search(text, limit))
            {
                output.WriteLine($"{master.Broker,-8} {instrument.QualifiedSymbol,-28} {instrument.BrokerKey,-22} {instrument.Kind,-7} {instrument.Name}");
                found++;
            }
        }

        return found == 0 ? 1 : 0;
    }

    private static int Show(InstrumentMasterCache cache, List<BrokerKind> brokers, string name, TextWriter output)
    {
        int found = 0;
        foreach (InstrumentMaster master in Masters(cache, brokers, output))
        {
            if (master.Find(name) is not { } i)
            {
                continue;
            }

            found++;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{master.Broker} (master of {master.ValidOn:yyyy-MM-dd}): {i.QualifiedSymbol}\n  key {i.BrokerKey}, token {i.FeedToken}, segment {i.Segment}, broker symbol {i.BrokerSymbol}\n  {i.Kind} {i.InstrumentType} '{i.Name}' expiry {(i.Expiry is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-")} strike {i.Strike} {i.OptionType}\n  lot {i.LotSize}, tick {i.TickSize}, price decimals {i.PriceDecimals}, quantity decimals {i.QuantityDecimals}{(i.Tradable ? "" : ", NOT TRADING")}{(i.IsExpiredOn(master.ValidOn) ? ", EXPIRED" : "")}"));
        }

        if (found == 0)
        {
            output.WriteLine($"'{name}' is in no cached master of {string.Join(", ", brokers)} (run `llfeed instruments sync` first?)");
        }

        return found == 0 ? 1 : 0;
    }

    private static IEnumerable<InstrumentMaster> Masters(InstrumentMasterCache cache, List<BrokerKind> brokers, TextWriter output)
    {
        foreach (BrokerKind broker in brokers)
        {
            InstrumentMaster? master = null;
            try
            {
                master = cache.LoadNewest(broker);
            }
            catch (InstrumentMasterFormatException exception)
            {
                output.WriteLine($"{broker}: cached master unreadable: {exception.Message}");
            }

            if (master is not null)
            {
                yield return master;
            }
        }
    }

    private static string Query(CommandLine line) =>
        line.Positionals.Count == 1 ? line.Positionals[0] : throw new CommandLineException($"'{line.Verb}' needs exactly one argument (quote names with spaces: \"NSE:NIFTY 50\")");

    private static List<BrokerKind> ParseBrokers(string text)
    {
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return [.. Enum.GetValues<BrokerKind>()];
        }

        var brokers = new List<BrokerKind>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            brokers.Add(Enum.TryParse(part, ignoreCase: true, out BrokerKind broker) && Enum.IsDefined(broker)
                ? broker
                : throw new CommandLineException($"--broker '{part}' is not one of kite, dhan, kotak, binance, all"));
        }

        return brokers;
    }
}
