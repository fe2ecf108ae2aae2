using LowLatencyFeed.Storage.Schema;

namespace LowLatencyFeed.Storage.Tests.Schema;

public sealed class MigrationScriptTests
{
    private const string Script = "CREATE TABLE t (x int)\n--#if plain\nPARTITION BY RANGE (x)\n--#endif\n;\n--#if timescaledb\nSELECT create_hypertable('t', 'x');\n--#else\nSELECT 'plain';\n--#endif\nSELECT 1;\n";

    [Fact]
    public void Plain_keeps_plain_blocks_and_else_branches()
    {
        Assert.Equal("CREATE TABLE t (x int)\nPARTITION BY RANGE (x)\n;\nSELECT 'plain';\nSELECT 1;\n\n", MigrationScript.Resolve(Script, SchemaFlavor.Plain));
    }

    [Fact]
    public void Timescale_keeps_timescale_blocks()
    {
        Assert.Equal("CREATE TABLE t (x int)\n;\nSELECT create_hypertable('t', 'x');\nSELECT 1;\n\n", MigrationScript.Resolve(Script, SchemaFlavor.TimescaleDb));
    }

    [Fact]
    public void Nested_and_unterminated_blocks_are_refused_with_the_line()
    {
        var nested = Assert.Throws<FormatException>(() => MigrationScript.Resolve("--#if plain\n--#if plain\n--#endif\n", SchemaFlavor.Plain));
        Assert.Contains("Line 2", nested.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => MigrationScript.Resolve("--#if plain\nSELECT 1;\n", SchemaFlavor.Plain));
        var unknown = Assert.Throws<FormatException>(() => MigrationScript.Resolve("--#if oracle\n--#endif\n", SchemaFlavor.Plain));
        Assert.Contains("oracle", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_holds_versions_one_to_latest_in_order()
    {
        IReadOnlyList<Migration> all = MigrationCatalog.All;
        Assert.Equal(10, all.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], all.Select(m => m.Version));
        Assert.Equal("core_tables", all[0].Name);
        Assert.Equal("bar_rollups", all[1].Name);
        Assert.Equal("write_optimized_market_tables", all[2].Name);
        Assert.Equal("indicators", all[3].Name);
        Assert.Equal("feed_subscriptions", all[4].Name);
        Assert.Equal("instrument_master", all[5].Name);
        Assert.Equal("bar_source_and_backfill_progress", all[6].Name);
        Assert.Equal("session_anchored_rollups", all[7].Name);
        Assert.Equal("model_signals", all[8].Name);
        Assert.Equal("exchange_anchored_rollups", all[9].Name);
        Assert.Equal(10, MigrationCatalog.LatestVersion);
        Assert.All(all, m => Assert.Equal(64, m.Checksum.Length));
    }

    [Theory]
    [InlineData("V001__core_tables.sql", true, 1, "core_tables")]
    [InlineData("V12__x_y.sql", true, 12, "x_y")]
    [InlineData("V1_missing.sql", false, 0, "")]
    [InlineData("001__x.sql", false, 0, "")]
    [InlineData("V001__.sql", false, 1, "")]
    public void File_names_parse(string file, bool ok, int version, string name)
    {
        Assert.Equal(ok, MigrationCatalog.TryParseFileName(file, out int v, out string n));
        if (ok)
        {
            Assert.Equal(version, v);
            Assert.Equal(name, n);
        }
    }
}
