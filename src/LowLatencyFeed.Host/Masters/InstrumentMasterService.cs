using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Storage.Reference;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Masters;

/// <summary>
/// The host's instrument masters (Brokers/README.md §1–§3 and Brokers/README.md §8): the master in use per broker of the configured feeds,
/// downloaded at start (<c>InstrumentMasters:SyncOnStart</c>) and daily (<c>InstrumentMasters:DailySyncAt</c>, IST) or
/// read from the data directory's cache. Each published day goes to the cache and, with a database, to
/// <c>llfeed.instrument_master</c>. A failed download keeps the previous master and becomes a health warning; after
/// each download the configured instrument names are checked again and an expired, vanished or re-tokened contract is
/// reported (never silently dropped: the feed keeps what it subscribed until an operator changes it).
/// Cold path only: nothing here runs on a ring thread.
/// </summary>
public sealed class InstrumentMasterService : IAsyncDisposable
{
    private readonly FeedHostOptions _options;
    private readonly InstrumentMasterCache _cache;
    private readonly MasterDownloader _downloader;
    private readonly HttpClient _http;
    private readonly InstrumentMasterTable? _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<BrokerKind, InstrumentMaster?> _masters = [];
    private readonly Dictionary<BrokerKind, string> _syncWarnings = [];
    private readonly Dictionary<BrokerKind, List<string>> _resolveReports = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _daily = Task.CompletedTask;

    /// <summary>
    /// Manages the masters of the brokers of <paramref name="options"/>' feeds; <paramref name="connectionString"/>
    /// null means journal-only (cache file only).
    /// </summary>
    public InstrumentMasterService(FeedHostOptions options, string? connectionString, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _cache = new InstrumentMasterCache(options.DataDirectory);
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }) { Timeout = TimeSpan.FromMinutes(5) };
        _downloader = CreateDownloader(options, _http);
        _table = connectionString is null ? null : new InstrumentMasterTable(connectionString);
        var brokers = new List<BrokerKind>();
        foreach (FeedOptions feed in options.Feeds)
        {
            if (InstrumentNameResolver.BrokerOf(feed.Protocol) is { } broker && !brokers.Contains(broker))
            {
                brokers.Add(broker);
            }
        }

        Brokers = brokers;
    }

    /// <summary>The brokers whose masters this host keeps (those of its feeds).</summary>
    public IReadOnlyList<BrokerKind> Brokers { get; }

    /// <summary>Per-broker counts for the metrics.</summary>
    public MasterCounters Counters { get; } = new();

    /// <summary>The daily schedule, or null when there is none.</summary>
    public MasterSyncSchedule? Schedule => _options.InstrumentMasters.DailySyncAt.Length == 0 ? null : MasterSyncSchedule.Parse(_options.InstrumentMasters.DailySyncAt);

    /// <summary>A downloader for <paramref name="options"/>' sources and credentials (<c>${NAME}</c> placeholders resolved here).</summary>
    public static MasterDownloader CreateDownloader(FeedHostOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secrets = new SecretResolver(options.SecretsFile);
        InstrumentMasterSources configured = options.InstrumentMasters;
        var sources = new InstrumentMasterSources
        {
            KiteRestUrl = configured.KiteRestUrl,
            KiteApiKey = configured.KiteApiKey.Length == 0 ? "" : secrets.Resolve(configured.KiteApiKey, escapeForUrl: false),
            KiteAccessToken = configured.KiteAccessToken,
            KotakAppToken = configured.KotakAppToken,
            DhanMasterUrl = configured.DhanMasterUrl,
            KotakRestUrl = configured.KotakRestUrl,
            BinanceRestUrl = configured.BinanceRestUrl,
        };
        return new MasterDownloader(http, sources, broker =>
        {
            string text = broker switch
            {
                BrokerKind.Kite => sources.KiteAccessToken,
                BrokerKind.Kotak => sources.KotakAppToken,
                _ => "",
            };
            return text.Length == 0 ? null : secrets.Resolve(text, escapeForUrl: false);
        });
    }

    /// <summary>The master in use for <paramref name="broker"/>, or null.</summary>
    public InstrumentMaster? Current(BrokerKind broker)
    {
        lock (_gate)
        {
            return _masters.GetValueOrDefault(broker);
        }
    }

    /// <summary>Every master in use.</summary>
    public List<InstrumentMaster> CurrentMasters()
    {
        var masters = new List<InstrumentMaster>();
        lock (_gate)
        {
            foreach (BrokerKind broker in Brokers)
            {
                if (_masters.GetValueOrDefault(broker) is { } master)
                {
                    masters.Add(master);
                }
            }
        }

        return masters;
    }

    /// <summary>True while the master in use for <paramref name="broker"/> is not today's (its last download failed).</summary>
    public bool IsStale(BrokerKind broker)
    {
        lock (_gate)
        {
            return _syncWarnings.ContainsKey(broker);
        }
    }

    /// <summary>The health warnings now: stale masters (a failed download) and instruments reported by the last re-resolve.</summary>
    public List<string> Warnings()
    {
        var warnings = new List<string>();
        lock (_gate)
        {
            foreach (BrokerKind broker in Brokers)
            {
                if (_syncWarnings.TryGetValue(broker, out string? warning))
                {
                    warnings.Add(warning);
                }

                if (_resolveReports.TryGetValue(broker, out List<string>? reports))
                {
                    warnings.AddRange(reports);
                }
            }
        }

        return warnings;
    }

    /// <summary>
    /// At start: downloads today's masters when <c>SyncOnStart</c>, else loads the cached ones; then resolves the
    /// configured instrument names. Throws <see cref="ConfigurationException"/> when a name cannot be resolved.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DateOnly today = MasterSyncSchedule.IstDay(_time.GetUtcNow());
        if (_options.InstrumentMasters.SyncOnStart)
        {
            List<MasterStatus> statuses = await SyncAsync(today, reResolve: false, cancellationToken).ConfigureAwait(false);
            var errors = new List<string>();
            InstrumentNameResolver.Resolve(_options, Current, today, errors);
            if (errors.Count > 0)
            {
                // Say why a master is missing or old: the download's own error is the cause an operator needs.
                foreach (MasterStatus status in statuses)
                {
                    if (status.Warning is not null)
                    {
                        errors.Add(status.Warning);
                    }
                }

                throw new ConfigurationException($"the configured instruments could not be resolved through the downloaded masters ({errors.Count} problem(s)):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}");
            }
        }
        else
        {
            foreach (BrokerKind broker in Brokers)
            {
                InstrumentMaster? master = null;
                try
                {
                    master = _cache.LoadNewest(broker);
                }
                catch (InstrumentMasterFormatException exception)
                {
                    Counters.CountFormatFailure(broker);
                    SetSyncWarning(broker, $"the cached {broker} master is unreadable: {exception.Message}");
                }

                Publish(broker, master);
            }
        }

        if (Schedule is { } schedule)
        {
            _daily = Task.Run(() => RunDailyAsync(schedule, _stop.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Downloads <paramref name="day"/>'s master of every broker (one at a time, never two syncs at once), stores it,
    /// and re-checks the configured names when <paramref name="reResolve"/>.
    /// </summary>
    public async Task<List<MasterStatus>> SyncAsync(DateOnly day, bool reResolve, CancellationToken cancellationToken)
    {
        var statuses = new List<MasterStatus>();
        await _syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (BrokerKind broker in Brokers)
            {
                MasterStatus status = await _cache.SyncAsync(broker, day, _downloader, cancellationToken).ConfigureAwait(false);
                statuses.Add(status);
                if (status.Warning is null)
                {
                    SetSyncWarning(broker, null);
                    _logger.LogInformation("{Broker} instrument master of {Day:yyyy-MM-dd}: {Count} instruments", broker, day, status.Master!.Instruments.Count);
                    await StoreAsync(status.Master!, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (status.Failure == MasterFailure.Format)
                    {
                        Counters.CountFormatFailure(broker);
                    }
                    else
                    {
                        Counters.CountDownloadFailure(broker);
                    }

                    SetSyncWarning(broker, status.Warning);
                    _logger.LogWarning("{Broker} instrument master not updated: {Warning}", broker, status.Warning);
                }

                Publish(broker, status.Master);
                if (reResolve && status.Master is { } master)
                {
                    ReResolve(broker, master, day);
                }

                if (status.Warning is null)
                {
                    // Counted last: a reader that sees the count also sees the day stored, in use and re-resolved.
                    Counters.CountPublished(broker);
                }
            }
        }
        finally
        {
            _syncing.Release();
        }

        return statuses;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _daily.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _http.Dispose();
        _syncing.Dispose();
        if (_table is not null)
        {
            await _table.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunDailyAsync(MasterSyncSchedule schedule, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTimeOffset next = schedule.NextRun(now);
            await Task.Delay(next - now, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                // The day of now, not of the planned run: after a suspended machine or a clock jump the download is for today.
                await SyncAsync(MasterSyncSchedule.IstDay(_time.GetUtcNow()), reResolve: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The feeds keep running on the masters in use; the next day tries again.
                _logger.LogError("Daily instrument master sync failed: {Error}", exception.Message);
            }
        }
    }

    private async Task StoreAsync(InstrumentMaster master, CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return;
        }

        try
        {
            long rows = await _table.ReplaceDayAsync(master.Broker.ToString(), master.ValidOn, MasterRows.From(master), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("{Broker} instrument master of {Day:yyyy-MM-dd}: {Rows} rows in llfeed.instrument_master", master.Broker, master.ValidOn, rows);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The cache file holds the day; the database copy follows with the next download.
            Counters.CountStoreFailure(master.Broker);
            _logger.LogWarning("{Broker} instrument master of {Day:yyyy-MM-dd} not stored in llfeed.instrument_master: {Error}", master.Broker, master.ValidOn, exception.Message);
        }
    }

    private void ReResolve(BrokerKind broker, InstrumentMaster master, DateOnly day)
    {
        var reports = new List<string>();
        for (int i = 0; i < _options.Feeds.Count; i++)
        {
            FeedOptions feed = _options.Feeds[i];
            if (InstrumentNameResolver.BrokerOf(feed.Protocol) != broker)
            {
                continue;
            }

            foreach (InstrumentOptions instrument in feed.Instruments)
            {
                if (instrument.Name.Length > 0 && MasterRecheck.Check(feed.Name, instrument.Name, instrument.Token, master, day) is { } report)
                {
                    reports.Add(report);
                    _logger.LogWarning("{Report}", report);
                }
            }
        }

        lock (_gate)
        {
            _resolveReports[broker] = reports;
        }

        Counters.CountReports(broker, reports.Count); // after the reports are visible: a reader of the count sees them
    }

    private void Publish(BrokerKind broker, InstrumentMaster? master)
    {
        lock (_gate)
        {
            _masters[broker] = master;
        }

        Counters.SetRows(broker, master?.Instruments.Count ?? 0);
    }

    private void SetSyncWarning(BrokerKind broker, string? warning)
    {
        lock (_gate)
        {
            if (warning is null)
            {
                _syncWarnings.Remove(broker);
            }
            else
            {
                _syncWarnings[broker] = warning;
            }
        }
    }
}
