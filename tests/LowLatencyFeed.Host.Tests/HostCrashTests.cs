using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Indicators;
using LowLatencyFeed.Storage.Verification;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Storage.Cluster;
using Npgsql;

namespace LowLatencyFeed.Host.Tests;

/// <summary>The host killed with SIGKILL mid-run and restarted: the database holds exactly the journaled ticks.</summary>
public sealed partial class HostCrashTests : IDisposable
{
    private readonly string _directory = CreateDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task After_SIGKILL_and_restart_the_ticks_table_holds_exactly_the_journaled_ticks_once()
    {
        Assert.True(OperatingSystem.IsLinux() && Directory.Exists("/usr/lib/postgresql"), "needs Linux and PostgreSQL server binaries (CI installs them)");
        string[] demo = ["demo", "--data-dir", _directory, "--metrics-port", "0", "--rate", "3000", "--instruments", "4"];

        // Run 1: until rows are committed, then SIGKILL: no drain, no flush, the private cluster is left running.
        using (var first = LlfeedProcess.Start(demo))
        {
            var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.OutputDataReceived += (_, e) =>
            {
                var match = e.Data is null ? null : DbRows().Match(e.Data);
                if (match is { Success: true } && long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > 2000)
                {
                    committed.TrySetResult();
                }
            };
            first.BeginOutputReadLine();
            first.BeginErrorReadLine();
            await committed.Task.WaitAsync(TimeSpan.FromSeconds(90));
            first.Kill();
            await first.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Run 2: same data directory; recovers the journal tail, adopts the cluster, catches up, stops cleanly.
        string secondRun;
        using (var second = LlfeedProcess.Start([.. demo, "--duration", "4"]))
        {
            var output = second.StandardOutput.ReadToEndAsync();
            var errors = second.StandardError.ReadToEndAsync();
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            secondRun = await output + await errors;
            Assert.True(second.ExitCode == 0, secondRun);
        }

        var journaled = new List<long>();
        using (var cursor = JournalReader.Open(Path.Combine(_directory, "journal")).Read())
        {
            foreach (ref readonly MarketEvent e in cursor)
            {
                if (e.Header.Kind == EventKind.Tick && (e.Tick.Fields & TickFields.IsTrade) == 0)
                {
                    journaled.Add(e.Header.Sequence);
                }
            }
        }

        using var cluster = LocalPostgresCluster.Start(new LocalPostgresClusterOptions { RootDirectory = Path.Combine(_directory, "postgres") });
        await using var connection = new NpgsqlConnection(cluster.GetConnectionString("llfeed"));
        await connection.OpenAsync();
        var stored = new List<long>();
        await using (var command = new NpgsqlCommand("SELECT seq FROM llfeed.ticks ORDER BY seq", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetInt64(0));
            }
        }

        Assert.True(journaled.Count > 2000);
        Assert.Equal(journaled.Count, stored.Count);
        Assert.Equal(journaled, stored);

        // Every table, every column: the database equals the journal (derived rows: the journal replayed through fresh
        // engines configured like the demo's).
        var processing = new ProcessingOptions { Indicators = DemoCommand.DemoIndicators() };
        DatabaseComparison comparison = await DatabaseVerifier.CompareAsync(
            cluster.GetConnectionString("llfeed"),
            Path.Combine(_directory, "journal"),
            (sink, slabs) => [
                new BarBuilderHandler(processing.ToBarOptions(), IndicatorStageSink.Create(sink, processing.ToIndicatorOptions())),
                new BookBuilderHandler(processing.ToBookOptions(), processing.ToSignalOptions(), sink, slabs)]);
        Assert.True(comparison["ticks"].Expected > 2000, comparison.ToString());
        Assert.True(comparison["bars"].Expected > 0, comparison.ToString());
        Assert.True(comparison["indicators"].Expected > 0, comparison.ToString());
        Assert.True(comparison.Exact, comparison + Environment.NewLine + "second run:" + Environment.NewLine + secondRun);
    }

    private static string CreateDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-crash-").FullName;
        if (OperatingSystem.IsWindows())
        {
            return directory;
        }

        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return directory;
    }

    [GeneratedRegex(@"db rows (\d+)")]
    private static partial Regex DbRows();
}
