using LowLatencyFeed.Host.Soak;

namespace LowLatencyFeed.Host.Tests;

/// <summary>The CI soak: 2 SIGKILLs of a child host and 2 immediate database stops under simulated load.</summary>
public sealed class SoakTests
{
    /// <summary>
    /// Every table, signals included. A signal pending persistence at a kill fires in the restarted run, from the state
    /// the live engines were warmed up to; a catch-up of a range inside that run (rows dropped during an outage) must
    /// start from the same state, and a dropped rest of one source event's rows (the bars one clock closes) must be rebuilt.
    /// </summary>
    [Fact]
    public Task Two_kills_and_two_outages_lose_duplicate_and_alter_nothing() => RunAsync(signals: true);

    /// <summary>The same without imbalance signals: market rows, bars and book metrics exactly once by value.</summary>
    [Fact]
    public Task Two_kills_and_two_outages_lose_duplicate_and_alter_no_market_bar_or_book_row() => RunAsync(signals: false);

    private static async Task RunAsync(bool signals)
    {
        Assert.True(OperatingSystem.IsLinux() && Directory.Exists("/usr/lib/postgresql"), "needs Linux and PostgreSQL server binaries (CI installs them)");
        var output = new StringWriter();
        SoakReport report = await SoakRunner.RunAsync(
            new SoakOptions
            {
                Rate = 2000,
                Kills = 2,
                Outages = 2,
                RunBetweenCycles = TimeSpan.FromSeconds(1),
                OutageLength = TimeSpan.FromMilliseconds(500),
                Deadline = TimeSpan.FromSeconds(60),
                Signals = signals,
            },
            output,
            CancellationToken.None);

        string text = output.ToString();
        Assert.True(report.Passed, text);
        Assert.Equal((0L, 0L, 0L), report.Totals);
        Assert.Equal(2, report.CatchUps.Count);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("kill ", StringComparison.Ordinal)));

        // Rows reached every market table the feeds fill and the derived ones, so the comparison had something to compare.
        Assert.NotNull(report.Database);
        foreach (string table in new[] { "ticks", "depth", "bars", "book_metrics" })
        {
            Assert.True(report.Database[table].Actual > 0, text);
        }

        Assert.Contains("lost 0, duplicated 0, mismatched 0: PASS", text);
    }
}
