using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>Runs the real <c>llfeed</c> executable as a child process, as a user would.</summary>
public sealed partial class HostProcessTests : IDisposable
{
    private readonly string _directory = CreateDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Demo_serves_metrics_and_on_SIGINT_drains_the_ring_and_exits_zero()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var process = LlfeedProcess.Start("demo", "--data-dir", _directory, "--metrics-port", "0", "--rate", "1000", "--instruments", "4");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var metricsUrl = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool withDatabase = Directory.Exists("/usr/lib/postgresql");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            var match = MetricsLine().Match(e.Data);
            if (match.Success)
            {
                metricsUrl.TrySetResult(match.Groups[1].Value);
            }

            // Ready for SIGINT: the host is streaming and (with a database) has committed rows, so the drain below is
            // the only thing left to prove, whatever the machine's load.
            if (EventsLine().IsMatch(e.Data) && (!withDatabase || CommittedRowsLine().IsMatch(e.Data)))
            {
                streaming.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            string url = await metricsUrl.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await streaming.Task.WaitAsync(TimeSpan.FromSeconds(120));

            using var http = new HttpClient();
            string metrics = await http.GetStringAsync(url);
            Assert.Contains("llfeed_consumer_lag{consumer=\"journal\"}", metrics);
            Assert.Contains("llfeed_feed_messages_total{feed=\"kite-sim\"}", metrics);
            string health = await http.GetStringAsync(url.Replace("/metrics", "/health", StringComparison.Ordinal));
            Assert.Contains("\"feeds\"", health);

            Assert.Equal(0, Kill(process.Id, "INT"));
            if (!await LlfeedProcess.ExitsWithinAsync(process, TimeSpan.FromSeconds(180)))
            {
                Assert.Fail("no exit within 180 s of SIGINT; the host's output:\n" + string.Join('\n', output));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string all = string.Join(Environment.NewLine, output);
        Assert.True(process.ExitCode == 0, all);
        Assert.Contains("drained: True", all);
        if (withDatabase)
        {
            // The demo's database: a private cluster under the data directory, with rows committed by COPY.
            Assert.Contains("Private PostgreSQL cluster in", all);
            var rows = DbRowsLine().Match(all);
            Assert.True(rows.Success && long.Parse(rows.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, all);
        }
    }

    [Fact]
    public async Task Invalid_config_exits_with_code_2_and_names_the_problem()
    {
        string config = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(config, """{ "Ring": { "Capacity": 3 }, "Feeds": [] }""");
        using var process = LlfeedProcess.Start("run", "--config", config);
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Ring:Capacity must be a power of two", stderr);
        Assert.Contains("Feeds is empty", stderr);
    }

    [Fact]
    public async Task Unknown_verb_prints_usage_and_exits_with_code_2()
    {
        using var process = LlfeedProcess.Start("fly");
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("unknown verb 'fly'", stderr);
        Assert.Contains("usage: llfeed", stderr);
    }

    // Traversable by the 'postgres' user, so the demo's private cluster can start when the tests run as root.
    private static string CreateDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-host-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    [GeneratedRegex(@"metrics at (http://\S+/metrics)")]
    private static partial Regex MetricsLine();

    [GeneratedRegex(@"\[final\].*db rows (\d+)")]
    private static partial Regex DbRowsLine();

    [GeneratedRegex(@"events/s\s+[1-9]")]
    private static partial Regex EventsLine();

    [GeneratedRegex(@"db rows [1-9]")]
    private static partial Regex CommittedRowsLine();
}
