using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.Storage.Tests.Writing;
using LowLatencyFeed.Storage.Verification;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Verification;

/// <summary>
/// The shared database == journal comparison streams both sides one sequence at a time; it must still see every kind of
/// difference, wherever it sits (before the first journaled sequence, between two, after the last).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseVerifierTests
{
    private readonly PostgresClusterFixture _pg;
    private readonly TestOutputLogger _log;

    public DatabaseVerifierTests(PostgresClusterFixture pg, Xunit.Abstractions.ITestOutputHelper output)
    {
        _pg = pg;
        _log = new TestOutputLogger(output);
    }

    [Fact]
    public async Task A_lost_a_duplicated_a_changed_and_an_unexpected_row_are_each_counted_in_their_table()
    {
        string cs = _pg.CreateDatabase("verify");
        new Migrator(cs).Migrate();
        using var journal = new TestJournal();
        var scenario = new ExactlyOnceScenario();
        var storage = new StorageService(cs, journal.Source, journal.NextSequence, new StorageOptions { MaxBatchAge = TimeSpan.FromMilliseconds(5) }, logger: _log);
        storage.Start();
        scenario.Publish(journal, 2000, 100, storage.MarketHandler);
        storage.MarketHandler.OnShutdown();
        Wait.Until(() => storage.Stats[StorageStream.Depth].Checkpoint == scenario.LastSequence && storage.Stats[StorageStream.Ticks].Checkpoint == scenario.LastSequence, "every row", state: () => StatsText.Of(storage.Stats));
        storage.Stop(TimeSpan.FromSeconds(30));

        DatabaseComparison clean = await DatabaseVerifier.CompareAsync(cs, journal.Directory, derivedEngines: null);
        Assert.True(clean.Exact, clean.ToString());
        Assert.Equal(scenario.Depth.Count * 10, clean["depth"].Actual);

        long lostTick = scenario.Ticks[3];
        long duplicatedDepth = scenario.Depth[^1];
        long changedQuote = scenario.Quotes[10];
        Db.Execute(cs, $"DELETE FROM llfeed.ticks WHERE seq = {lostTick}");
        Db.Execute(cs, $"INSERT INTO llfeed.depth_levels_200 SELECT * FROM llfeed.depth_levels_200 WHERE seq = {duplicatedDepth} AND side = 1 AND level = 5");
        Db.Execute(cs, $"UPDATE llfeed.quotes SET bid_price = bid_price + 0.01 WHERE seq = {changedQuote}");
        Db.Execute(cs, $"CREATE TEMP TABLE moved_trade AS SELECT * FROM llfeed.trades WHERE seq = {scenario.Trades[0]}; UPDATE moved_trade SET seq = -7; INSERT INTO llfeed.trades SELECT * FROM moved_trade");
        Db.Execute(cs, $"CREATE TEMP TABLE moved_tick AS SELECT * FROM llfeed.ticks WHERE seq = {scenario.Ticks[0]}; UPDATE moved_tick SET seq = {scenario.LastSequence + 100}; INSERT INTO llfeed.ticks SELECT * FROM moved_tick");

        DatabaseComparison tampered = await DatabaseVerifier.CompareAsync(cs, journal.Directory, derivedEngines: null);
        string text = tampered.ToString();
        Assert.Equal((1L, 1L, 0L), (tampered["ticks"].Lost, tampered["ticks"].Duplicated, tampered["ticks"].Mismatched));
        Assert.Equal((0L, 1L, 0L), (tampered["depth"].Lost, tampered["depth"].Duplicated, tampered["depth"].Mismatched));
        Assert.Equal((0L, 0L, 1L), (tampered["quotes"].Lost, tampered["quotes"].Duplicated, tampered["quotes"].Mismatched));
        Assert.Equal((0L, 1L, 0L), (tampered["trades"].Lost, tampered["trades"].Duplicated, tampered["trades"].Mismatched));
        Assert.Contains($"lost: {lostTick}|", text);
        Assert.Contains($"duplicated (2x): {duplicatedDepth}|", text);
        Assert.Contains($"mismatched: expected {changedQuote}|", text);
        Assert.Contains("unexpected: -7|", text);
        Assert.Contains($"unexpected: {scenario.LastSequence + 100}|", text);
        Assert.False(tampered.Exact);
    }
}
