using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// <c>/api/bars</c> reads in bounded windows (README, "/api/bars under load"): against the real schema with a year of
/// daily partitions, the first window's plan opens one or two partitions through their primary-key index (whether the
/// planner then sorts the window's rows or merges the index order depends on how the rows fall by time of day), while the unbounded range would open every partition; and the widening windows still return the newest (or
/// oldest) <c>limit</c> bars of sparse data.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiBarsPlanTests
{
    private static readonly long s_instrument = InstrumentId.From(FeedKind.Kite, 256265).Value;
    private readonly PostgresClusterFixture _postgres;

    public ApiBarsPlanTests(PostgresClusterFixture postgres) => _postgres = postgres;

    [Fact]
    public async Task The_first_window_plans_one_or_two_partitions_by_their_primary_key_and_the_whole_range_would_plan_every_one()
    {
        string database = _postgres.CreateDatabase("barsplan");
        new Migrator(database).Migrate();
        DateTimeOffset today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
        Execute(database, YearOfPartitions(today) + $"""
            INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags)
            SELECT TIMESTAMPTZ '{today.AddDays(-3):yyyy-MM-dd}T00:00:00Z' + make_interval(mins => m), {s_instrument}, 60, m, 100, 101, 99, 100, 10, 1000, 100, 1, 0
            FROM generate_series(0, 4 * 1440 - 1) AS m;
            ANALYZE llfeed.bars;
            """);

        // The chart's default: no 'from', the newest 1000 1-minute bars of the last 366 days.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var newest = new RangeRequest(Info(), now.AddDays(-366), now, Newest: true, Limit: 1000, Csv: false);
        List<(DateTimeOffset From, DateTimeOffset To)> windows = MarketDataStore.BarWindows(newest, 60);
        Assert.Equal((now.AddDays(-1), now), windows[0]);
        Assert.Equal((newest.From, newest.To), windows[^1]);

        List<JsonElement> bounded = Scans(await ExplainAsync(database, newest, windows[0]));
        Assert.InRange(Partitions(bounded).Count, 1, 2);
        Assert.All(bounded, AssertPrimaryKeyScan);
        Assert.DoesNotContain(Nodes(await ExplainAsync(database, newest, windows[0])), n => n.GetProperty("Node Type").GetString() == "Seq Scan");

        // What the read planned before: every daily partition of the range.
        Assert.True(Partitions(Scans(await ExplainAsync(database, newest, windows[^1]))).Count > 360);

        // A day with 'from' (the load harness's request): one partition, by its primary key.
        var day = new RangeRequest(Info(), today.AddDays(-2), today.AddDays(-1), Newest: false, Limit: 1440, Csv: false);
        Assert.Single(MarketDataStore.BarWindows(day, 60));
        List<JsonElement> dayScans = Scans(await ExplainAsync(database, day, (day.From, day.To)));
        Assert.Single(Partitions(dayScans));
        Assert.All(dayScans, AssertPrimaryKeyScan);
    }

    [Fact]
    public async Task Widening_windows_return_the_newest_or_oldest_limit_bars_of_sparse_data()
    {
        string database = _postgres.CreateDatabase("barssparse");
        new Migrator(database).Migrate();
        DateTimeOffset today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
        int[] daysBack = [200, 40, 30, 10, 2];
        Execute(database, YearOfPartitions(today) + string.Concat(daysBack.Select(back => $"""
            INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags)
            VALUES ('{today.AddDays(-back):yyyy-MM-dd}T09:15:00Z', {s_instrument}, 60, {back}, 100, 101, 99, 100, 10, 1000, 100, 1, 0);

            """)));
        await using var store = new MarketDataStore(database);
        DateTimeOffset now = DateTimeOffset.UtcNow;

        List<BarRecord> newest = await store.BarsAsync(new RangeRequest(Info(), now.AddDays(-366), now, Newest: true, Limit: 3, Csv: false), 60, CancellationToken.None);
        Assert.Equal([30L, 10L, 2L], newest.Select(b => b.Seq));
        List<BarRecord> oldest = await store.BarsAsync(new RangeRequest(Info(), now.AddDays(-366), now, Newest: false, Limit: 2, Csv: false), 60, CancellationToken.None);
        Assert.Equal([200L, 40L], oldest.Select(b => b.Seq));
        List<BarRecord> all = await store.BarsAsync(new RangeRequest(Info(), now.AddDays(-366), now, Newest: true, Limit: 100, Csv: false), 60, CancellationToken.None);
        Assert.Equal([200L, 40L, 30L, 10L, 2L], all.Select(b => b.Seq));
        List<BarRecord> none = await store.BarsAsync(new RangeRequest(Info(), now.AddDays(-5), now.AddDays(-3), Newest: true, Limit: 100, Csv: false), 60, CancellationToken.None);
        Assert.Empty(none);
    }

    private static InstrumentInfo Info() => new(
        InstrumentId.From(FeedKind.Kite, 256265).ToString(), s_instrument, "kite-sim", "kite", 256265, "NIFTY", "", "Full", 2, 0);

    /// <summary>Daily partitions of llfeed.bars for the last 367 days, as the host's partition maintenance names them.</summary>
    private static string YearOfPartitions(DateTimeOffset today)
    {
        var sql = new System.Text.StringBuilder();
        for (DateTimeOffset day = today.AddDays(-367); day <= today.AddDays(1); day = day.AddDays(1))
        {
            sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS llfeed.bars_p{day:yyyyMMdd} PARTITION OF llfeed.bars FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00');\n");
        }

        return sql.ToString();
    }

    /// <summary>EXPLAIN (FORMAT JSON) of the statement <see cref="MarketDataStore.BarsAsync"/> sends for one window.</summary>
    private static async Task<JsonElement> ExplainAsync(string database, RangeRequest range, (DateTimeOffset From, DateTimeOffset To) window)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + MarketDataStore.Sql(MarketDataStore.BarsSelect, MarketDataStore.BarsOrder, range.Newest), connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = s_instrument });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window.From });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window.To });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = range.Limit });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 60 });
        string json = (string)(await command.ExecuteScalarAsync())!;
        using JsonDocument plan = JsonDocument.Parse(json);
        return plan.RootElement[0].GetProperty("Plan").Clone();
    }

    private static List<JsonElement> Nodes(JsonElement plan)
    {
        var nodes = new List<JsonElement> { plan };
        if (plan.TryGetProperty("Plans", out JsonElement children))
        {
            foreach (JsonElement child in children.EnumerateArray())
            {
                nodes.AddRange(Nodes(child));
            }
        }

        return nodes;
    }

    /// <summary>The nodes that read a bars partition (a bitmap heap scan counts through its bitmap index scan).</summary>
    private static List<JsonElement> Scans(JsonElement plan) =>
        [.. Nodes(plan).Where(n => n.TryGetProperty("Relation Name", out JsonElement r) && r.GetString()!.StartsWith("bars_p", StringComparison.Ordinal)
            || n.GetProperty("Node Type").GetString() == "Bitmap Index Scan")];

    private static HashSet<string> Partitions(List<JsonElement> scans) =>
        [.. scans.Select(n => n.TryGetProperty("Relation Name", out JsonElement r) ? r.GetString()! : n.GetProperty("Index Name").GetString()![..^"_pkey".Length])];

    private static void AssertPrimaryKeyScan(JsonElement node)
    {
        string type = node.GetProperty("Node Type").GetString()!;
        if (type == "Bitmap Heap Scan")
        {
            return;   // its child, a Bitmap Index Scan, is checked on its own
        }

        Assert.Contains(type, new[] { "Index Scan", "Index Only Scan", "Bitmap Index Scan" });
        string index = node.GetProperty("Index Name").GetString()!;
        Assert.EndsWith("_pkey", index, StringComparison.Ordinal);
        if (node.TryGetProperty("Relation Name", out JsonElement relation))
        {
            Assert.Equal(relation.GetString() + "_pkey", index);
        }
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
