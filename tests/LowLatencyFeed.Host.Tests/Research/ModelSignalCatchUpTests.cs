using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Storage;
using LowLatencyFeed.Storage.Cluster;
using LowLatencyFeed.Storage.Diagnostics;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Verification;
using LowLatencyFeed.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LowLatencyFeed.Host.Tests.Research;

/// <summary>
/// Model signals scored while the database is away are rebuilt from the journal by the storage catch-up (the scoring
/// stage replayed from the journal's start, as the live one was seeded) and stored once, with exactly the values the
/// live stage computed: inside a run (the database stops and comes back) and across a restart (a run ends while the
/// database is down, the next one catches up its tail).
/// </summary>
public sealed class ModelSignalCatchUpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-scoring-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Signals_scored_during_database_outages_are_stored_once_exactly_as_scored_live()
    {
        string model = ScoringFixtures.TrainModel(_directory);
        var market = new MarketScript(ScoringFixtures.Minutes(_directory, minutes: 260, seed: 5));
        using LocalPostgresCluster cluster = PostgresClusterFixture.StartPrivateCluster("scoring");
        cluster.CreateDatabase("feed");
        string database = cluster.GetConnectionString("feed");
        StorageService.Migrate(database);
        string dataDirectory = Path.Combine(_directory, "data");
        var live = new List<string>();

        // Run 1: stored live, then the database stops (live batches dropped) and comes back (caught up in this run).
        var feed = new ScriptedFeed();
        await using (FeedEngine engine = StartEngine(dataDirectory, model, database, feed))
        {
            Assert.True(engine.Scoring is not null, engine.ScoringRefusal);
            StreamStatistics signals = engine.Storage!.Stats[StorageStream.Signals];
            market.Send(feed, 80);
            await WaitUntil(async () => await CountAsync(database) > 0, "the first model signals stored", () => Describe(signals));

            cluster.Stop(PostgresStopMode.Immediate);
            DateTime deadline = DateTime.UtcNow.AddSeconds(120);
            while (signals.DroppedRows == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no signal batch was dropped while the database was down: " + Describe(signals));
                Assert.True(market.Remaining > 80, "the market ran out before a signal batch was dropped: " + Describe(signals));
                market.Send(feed, 2);
                await Task.Delay(200);
            }

            market.Send(feed, 10);
            await WaitForScoring(engine, feed, market);
            cluster.Start();
            market.Send(feed, 20);
            await WaitForScoring(engine, feed, market);
            List<string> scored = Rows(ScoringFixtures.ModelSignals(engine.DerivedRing));
            await WaitUntil(async () => await CountAsync(database) == scored.Count, $"{scored.Count} model signals stored", () => Describe(signals));
            Assert.True(signals.CatchUps > 0 && signals.CatchUpRows > 0, "the dropped signals came from the journal: " + Describe(signals));
            Assert.Equal(scored, await StoredAsync(database));

            // The run ends while the database is down: the signals scored since stay in the journal only.
            cluster.Stop(PostgresStopMode.Immediate);
            market.Send(feed, 15);
            await WaitForScoring(engine, feed, market);
            await engine.StopAsync(TimeSpan.FromSeconds(5));
            live.AddRange(Rows(ScoringFixtures.ModelSignals(engine.DerivedRing)));
            Assert.True(live.Count > scored.Count, "signals were scored after the last stored one");
        }

        // Run 2 on the same journal: its catch-up of run 1's tail rebuilds those signals; then it scores the rest live.
        cluster.Start();
        feed = new ScriptedFeed();
        await using (FeedEngine engine = StartEngine(dataDirectory, model, database, feed))
        {
            Assert.True(engine.Scoring is not null, engine.ScoringRefusal);
            StreamStatistics signals = engine.Storage!.Stats[StorageStream.Signals];
            market.Send(feed, market.Remaining);
            await WaitForScoring(engine, feed, market);
            List<string> scored = Rows(ScoringFixtures.ModelSignals(engine.DerivedRing));
            Assert.NotEmpty(scored);
            live.AddRange(scored);
            await WaitUntil(async () => await CountAsync(database) == live.Count, $"{live.Count} model signals stored", () => Describe(signals));
            Assert.True(signals.CatchUps > 0 && signals.CatchUpRows > 0, "run 1's tail came from the journal: " + Describe(signals));
            await engine.StopAsync(TimeSpan.FromSeconds(30));
        }

        live.Sort(StringComparer.Ordinal);
        List<string> stored = await StoredAsync(database);
        stored.Sort(StringComparer.Ordinal);
        Assert.Equal(live.Count, live.Distinct().Count());
        Assert.Equal(live, stored);
    }

    private static FeedEngine StartEngine(string dataDirectory, string model, string database, ScriptedFeed feed)
    {
        var options = new FeedHostOptions
        {
            DataDirectory = dataDirectory,
            Processing = new ProcessingOptions
            {
                Timeframes = ["1m"],
                // Only the model's signals go to llfeed.signals, so a dropped signal batch is a dropped model signal.
                SignalsEnabled = false,
                Scoring = new ScoringOptions { Model = model },
            },
            Database = new DatabaseOptions { ConnectionString = database, PrivateCluster = false, MaxBatchAgeMilliseconds = 10 },

            // Without clock events nothing polls the journal once the market goes quiet, so its open block would stay
            // unwritten and a catch-up would wait for it: close the block at the end of every ring batch instead.
            Journal = new JournalOptions { MaxBlockLatencyMilliseconds = 0 },
        };

        // No local clock: bars close on the market's own ticks, so every run sees the same events in the same order.
        EngineSettings settings = EngineSettings.From(options) with { LocalClock = false };
        var engine = new FeedEngine(settings, _ => [feed], NullLoggerFactory.Instance, database);
        engine.Start();
        return engine;
    }

    /// <summary>Until every sent event has gone through the scoring stage.</summary>
    private static Task WaitForScoring(FeedEngine engine, ScriptedFeed feed, MarketScript market)
    {
        StageInfo scoring = engine.Stages.Single(stage => stage.Name == "scoring");
        return WaitUntil(
            () => Task.FromResult(feed.Published == market.SentEvents(feed) && scoring.Lag() == 0),
            "the scoring stage to see every sent event",
            () => $"published {feed.Published} of {market.SentEvents(feed)}, ring {engine.Ring.Cursor}, scoring lag {scoring.Lag()}");
    }

    private static List<string> Rows(List<LowLatencyFeed.Processing.Derived.DerivedEvent> signals) => [.. signals.Select(signal => ScoringFixtures.Row(in signal))];

    private static async Task<long> CountAsync(string database)
    {
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM llfeed.signals WHERE window_depth = -1", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    private static async Task<List<string>> StoredAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return await DatabaseRows.RowsAsync(connection, ScoringFixtures.SelectModelSignals);
    }

    private static string Describe(StreamStatistics s) =>
        $"signals: staged {s.StagedRows}, live {s.LiveRows}, dropped {s.DroppedRows} in {s.DroppedBatches} batches, catch-ups {s.CatchUps} ({s.CatchUpRows} rows), checkpoint {s.Checkpoint}, failures {s.Failures}, state {s.State}";

    private static async Task WaitUntil(Func<Task<bool>> condition, string what, Func<string> state)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(180);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. {state()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The synthetic market's minutes, handed to a feed in order.</summary>
    private sealed class MarketScript(List<LowLatencyFeed.Core.Events.MarketEvent[]> minutes)
    {
        private readonly Dictionary<ScriptedFeed, long> _sent = [];
        private int _next;

        public int Remaining => minutes.Count - _next;

        public long SentEvents(ScriptedFeed feed) => _sent.GetValueOrDefault(feed);

        public void Send(ScriptedFeed feed, int count)
        {
            count = Math.Min(count, Remaining);
            var events = minutes.GetRange(_next, count).SelectMany(minute => minute).ToArray();
            _next += count;
            _sent[feed] = SentEvents(feed) + events.Length;
            feed.Send(events);
        }
    }
}
