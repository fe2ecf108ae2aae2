using System.Globalization;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// A host with a database seeds its indicators from the stored bars — here two days the broker's history filled
/// (<c>source = 'backfill'</c>), which the journal never saw — and then from the journal's bars not stored yet: every
/// indicator's state, and its first live value, equal one pass over the backfilled bars, the journaled trades and the
/// first live trade computed apart from the host. A live bar stored past the journal's end (a crash lost its events
/// from the journal, so the storage stage deletes it) is not part of that history.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IndicatorDatabaseWarmUpTests : IDisposable
{
    private const long Second = 1_000_000_000L;
    private const long Minute = 60 * Second;
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-dbwarmup-").FullName;

    public IndicatorDatabaseWarmUpTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task First_live_value_equals_the_value_over_the_backfilled_journaled_and_live_history()
    {
        string database = _postgres.CreateDatabase("indicatorwarmup");
        new Migrator(database, new MigratorOptions()).Migrate();

        // Two days of backfilled 1-minute bars, a random walk, ending where the journal's trades begin.
        DateTimeOffset firstDay = new(DateTime.UtcNow.Date.AddDays(-4), TimeSpan.Zero);
        PartitionMaintainer.Maintain(database, firstDay.AddDays(1));
        long start = firstDay.ToUnixTimeSeconds() * Second;
        var random = new Random(11);
        long price = 5_000_000;
        var backfilled = new List<(long Start, long High, long Low, long Close, long Volume)>();
        for (long t = start; t < start + (2 * 1440 * Minute); t += Minute)
        {
            long close = Math.Max(10_000, price + random.Next(-3_000, 3_001));
            long high = Math.Max(price, close) + random.Next(0, 500);
            long low = Math.Min(price, close) - random.Next(0, 500);
            backfilled.Add((t, high, low, close, random.Next(1, 1_000)));
            price = close;
        }

        InsertBackfill(database, backfilled);

        // Then two hours of journaled trades (not stored yet: the database lags the journal), every 20 s.
        long journalStart = start + (2 * 1440 * Minute);
        var journaled = new List<MarketEvent>();
        for (long t = journalStart; t < journalStart + (120 * Minute); t += 20 * Second)
        {
            price = Math.Max(10_000, price + random.Next(-2_000, 2_001));
            journaled.Add(IndicatorWarmUpCheck.Trade(t, price, random.Next(1, 100), journaled.Count));
        }

        IndicatorWarmUpCheck.WriteJournal(_directory, journaled);

        // A live bar the database committed but the journal lost (its sequence is past the journal's end): not seeded.
        InsertLiveBarPastTheJournal(database, journalStart + (120 * Minute), sequence: journaled.Count + 50);

        var feed = new FeedOptions { Name = "binance", Protocol = "binance", Url = "ws://127.0.0.1:9/binance" };
        feed.Instruments.Add(new InstrumentOptions { Token = 1, Symbol = "BTCUSDT", PriceDecimals = 2, QuantityDecimals = 0 });
        var options = new FeedHostOptions
        {
            DataDirectory = _directory,
            Feeds = [feed],
            Database = new DatabaseOptions { ConnectionString = database, PrivateCluster = false },
            Processing = new ProcessingOptions
            {
                Timeframes = ["1m"],
                Indicators = [.. IndicatorSpec.Names.Select(name => new IndicatorConfig { Timeframe = "1m", Name = name })],
            },
        };
        MarketEvent next = IndicatorWarmUpCheck.Trade(journalStart + (120 * Minute) + (90 * Second), price + 500, 7, journaled.Count);

        // The reference, apart from the host: the backfilled bars as they were written, then the journaled trades.
        IndicatorOptions indicatorOptions = options.Processing.ToIndicatorOptions();
        var reference = IndicatorStageSink.Create(new DerivedEventBuffer(1 << 16), indicatorOptions);
        var header = new DerivedHeader { Kind = DerivedEventKind.Bar, Instrument = IndicatorWarmUpCheck.Btc, PriceDecimals = 2 };
        foreach ((long barStart, long high, long low, long close, long volume) in backfilled)
        {
            var bar = new BarValues { StartTimeNs = barStart, EndTimeNs = barStart + Minute, TimeframeNs = Minute, High = high, Low = low, Close = close, Open = close, Volume = volume, Turnover = (Int128)close * volume };
            reference.Engine.OnBar(in header, in bar);
        }

        var referenceBars = new BarAggregator(options.Processing.ToBarOptions(), reference);
        foreach (MarketEvent e in journaled)
        {
            referenceBars.OnEvent(in e);
        }

        await using var engine = new FeedEngine(EngineSettings.From(options), _ => [], NullLoggerFactory.Instance, database);
        Assert.True(engine.Indicators!.Bars >= backfilled.Count + 110, $"seeded from {engine.Indicators.Bars} bars ({backfilled.Count} stored)");
        IndicatorWarmUpCheck.AssertSeededThenFirstLiveBar(reference.Engine, referenceBars, engine, next, indicatorOptions.Indicators.Count);
    }

    private static void InsertBackfill(string database, List<(long Start, long High, long Low, long Close, long Volume)> bars)
    {
        static string Price(long mantissa) => (mantissa / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        foreach (var chunk in bars.Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags, source) VALUES ");
            sql.AppendJoin(", ", chunk.Select(b => string.Create(
                CultureInfo.InvariantCulture,
                $"('{DateTimeOffset.FromUnixTimeMilliseconds(b.Start / 1_000_000):O}', {IndicatorWarmUpCheck.Btc.Value}, 60, 0, {Price(b.Close)}, {Price(b.High)}, {Price(b.Low)}, {Price(b.Close)}, {b.Volume}, {Price(b.Close * b.Volume)}, {Price(b.Close)}, 0, 0, 'backfill')")));
            using var command = new NpgsqlCommand(sql.ToString(), connection);
            command.ExecuteNonQuery();
        }
    }

    private static void InsertLiveBarPastTheJournal(string database, long startNs, long sequence)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags, source) " +
            "VALUES ($1, $2, 60, $3, 1.00, 1.00, 1.00, 1.00, 900000, 900000.00, 1.00, 1, 0, 'live')",
            connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UnixEpoch.AddTicks(startNs / 100) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = IndicatorWarmUpCheck.Btc.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        command.ExecuteNonQuery();
    }
}
