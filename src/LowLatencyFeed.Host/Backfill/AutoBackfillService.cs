using LowLatencyFeed.Brokers.History;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Storage.Backfill;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LowLatencyFeed.Host.Backfill;

/// <summary>
/// <c>Backfill:Enabled</c>: at host start, each configured instrument with broker history is filled from the start of
/// today's session day (IST midnight for Kite and Dhan, UTC midnight for Binance) up to now; then every
/// <c>Backfill:GapPollSeconds</c> the live bars the bar stage flagged gap-affected or partial (a disconnect the journal
/// recorded) within <c>Backfill:GapLookbackHours</c> are fetched again from the broker, which replaces them (Storage
/// README, "Backfill"). An instrument subscribed at runtime (<c>POST /api/feeds/{name}/subscriptions</c>) is filled
/// like a configured one at start: from its session day's start up to now, and its gaps from then on. A background task
/// of its own: it reads the database and the brokers, never a ring, so a slow or rate-limited broker slows only this.
/// </summary>
public sealed class AutoBackfillService : BackgroundService
{
    private readonly FeedHostOptions _options;
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HashSet<(long Instrument, DateTimeOffset From, DateTimeOffset To)> _gapsTried = [];
    private readonly TaskCompletionSource _startupDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Threading.Channels.Channel<long> _subscribed = System.Threading.Channels.Channel.CreateUnbounded<long>();
    private long _runs;
    private long _failures;
    private long _barsWritten;
    private long _runtimeFilled;

    /// <summary>Creates the service (started by the host when <c>Backfill:Enabled</c> and a database is configured).</summary>
    public AutoBackfillService(FeedHostOptions options, string connectionString, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _connectionString = connectionString;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The host's live instrument catalog (configured instruments plus those subscribed at runtime); null: one built from
    /// the configured feeds at start.
    /// </summary>
    public InstrumentCatalog? Catalog { get; set; }

    /// <summary>Runtime-subscribed instruments filled from their session day's start (after the start-of-day pass).</summary>
    public long RuntimeSubscriptionsFilled => Interlocked.Read(ref _runtimeFilled);

    /// <summary>
    /// Called when instruments are subscribed (or change mode) at runtime: each is filled from the start of its session
    /// day up to now, as configured ones are at start (exactly once: what is stored already is kept).
    /// </summary>
    public void OnSubscribed(IReadOnlyList<Protocols.Common.Subscription> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        foreach (Protocols.Common.Subscription instrument in instruments)
        {
            _subscribed.Writer.TryWrite(instrument.Instrument.Value);
        }
    }

    /// <summary>Completes when the start-of-day pass is done.</summary>
    public Task StartupPass => _startupDone.Task;

    /// <summary>Backfills run (start-of-day and gap passes).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Backfills that failed (logged with the reason; the host keeps running).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Bars inserted or replaced.</summary>
    public long BarsWritten => Interlocked.Read(ref _barsWritten);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        int timeframe = (int)TimeframeNames.Parse(_options.Backfill.Timeframe).TotalSeconds;
        InstrumentCatalog catalog = Catalog ?? new InstrumentCatalog(_options.Feeds);
        using var clients = new HistoricalClients(_options.Backfill, new SecretResolver(_options.SecretsFile), _time);
        var runner = new BackfillRunner(clients, _connectionString, _time);
        try
        {
            DateTimeOffset now = _time.GetUtcNow();
            foreach (InstrumentInfo instrument in catalog.All)
            {
                // An instrument unsubscribed in an earlier run stays in the live catalog (empty mode) but streams nothing.
                if (instrument.Mode.Length > 0 && BackfillCommand.BrokerOf(instrument.Protocol) is { } broker)
                {
                    await RunAsync(runner, instrument, broker, timeframe, SessionDayStart(broker, now), now, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _startupDone.TrySetResult();
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.Backfill.GapPollSeconds), _time);
        await GapPassAsync(runner, catalog, timeframe, stoppingToken).ConfigureAwait(false);
        Task<bool> tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        Task<bool> subscribed = _subscribed.Reader.WaitToReadAsync(stoppingToken).AsTask();
        while (true)
        {
            Task done = await Task.WhenAny(tick, subscribed).ConfigureAwait(false);
            if (done == subscribed)
            {
                if (!await subscribed.ConfigureAwait(false))
                {
                    return;
                }

                await FillSubscribedAsync(runner, catalog, timeframe, stoppingToken).ConfigureAwait(false);
                subscribed = _subscribed.Reader.WaitToReadAsync(stoppingToken).AsTask();
            }
            else
            {
                if (!await tick.ConfigureAwait(false))
                {
                    return;
                }

                await GapPassAsync(runner, catalog, timeframe, stoppingToken).ConfigureAwait(false);
                tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            }
        }
    }

    private async Task FillSubscribedAsync(BackfillRunner runner, InstrumentCatalog catalog, int timeframe, CancellationToken cancellationToken)
    {
        while (_subscribed.Reader.TryRead(out long id))
        {
            if (catalog.Find(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } instrument
                && BackfillCommand.BrokerOf(instrument.Protocol) is { } broker)
            {
                DateTimeOffset now = _time.GetUtcNow();
                await RunAsync(runner, instrument, broker, timeframe, SessionDayStart(broker, now), now, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _runtimeFilled);
            }
        }
    }

    /// <summary>Start of the session day containing <paramref name="now"/>: IST midnight for the Indian brokers, UTC midnight for Binance.</summary>
    public static DateTimeOffset SessionDayStart(BrokerKind broker, DateTimeOffset now)
    {
        TimeSpan offset = broker == BrokerKind.Binance ? TimeSpan.Zero : TimeSpan.FromMinutes(330);
        DateTimeOffset local = now.ToOffset(offset);
        return new DateTimeOffset(local.Date, offset).ToUniversalTime();
    }

    private async Task GapPassAsync(BackfillRunner runner, InstrumentCatalog catalog, int timeframe, CancellationToken cancellationToken)
    {
        var gaps = new List<(long Instrument, DateTimeOffset First, DateTimeOffset Last)>();
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "SELECT instrument_id, min(time), max(time) FROM llfeed.bars WHERE source = 'live' AND timeframe_seconds = $1 " +
                $"AND (flags & {BackfillWriter.IncompleteLiveFlags}) <> 0 AND time >= $2 GROUP BY instrument_id",
                connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = timeframe });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _time.GetUtcNow().AddHours(-_options.Backfill.GapLookbackHours) });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                gaps.Add((reader.GetInt64(0), Utc(reader, 1), Utc(reader, 2)));
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            _logger.LogWarning("Backfill: cannot read the gap-affected bars ({Reason}); trying again in {Seconds} s", exception.Message, _options.Backfill.GapPollSeconds);
            return;
        }

        foreach ((long id, DateTimeOffset first, DateTimeOffset last) in gaps)
        {
            DateTimeOffset to = last.AddSeconds(timeframe);
            if (catalog.Find(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } instrument
                || BackfillCommand.BrokerOf(instrument.Protocol) is not { } broker
                || !_gapsTried.Add((id, first, to)))
            {
                continue;
            }

            await RunAsync(runner, instrument, broker, timeframe, first, to, cancellationToken, recordProgress: false).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(BackfillRunner runner, InstrumentInfo instrument, BrokerKind broker, int timeframe, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, bool recordProgress = true)
    {
        if (from >= to)
        {
            return;
        }

        var history = new HistoryInstrument(broker, instrument.Token, instrument.Symbol ?? "", instrument.Segment ?? "", instrument.PriceDecimals, instrument.QuantityDecimals);
        try
        {
            BackfillResult result = await runner.RunAsync(new BackfillRequest(history, instrument.InstrumentId, timeframe, from, to, recordProgress), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _runs);
            Interlocked.Add(ref _barsWritten, result.Inserted + result.Replaced);
            _logger.LogInformation("Backfill {Instrument} {Timeframe} s: {Result}", instrument.Id, timeframe, result);
        }
        catch (Exception exception) when (exception is HistoricalDataException or NpgsqlException or Storage.Connection.DatabaseException or TimeoutException)
        {
            Interlocked.Increment(ref _failures);
            _logger.LogWarning("Backfill {Instrument} {From:O} .. {To:O} failed: {Reason}", instrument.Id, from, to, exception.Message);
        }
    }

    private static DateTimeOffset Utc(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);
}
