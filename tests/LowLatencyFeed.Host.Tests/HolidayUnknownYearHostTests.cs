using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// A holiday file without a list for the year the host runs in (Brokers/README.md §5): the real <c>llfeed run</c>, with
/// its Kestrel on a free loopback port, logs it, reports it in <c>/health</c> and counts the look-ups in
/// <c>llfeed_holiday_unknown_year_lookups_total</c>, and keeps running (the weekdays are taken as trading days).
/// </summary>
public sealed partial class HolidayUnknownYearHostTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(180);
    private readonly string _data = SimulatedFeedHosting.NewDataDirectory("llfeed-holiday-year-");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_year_the_holiday_file_has_no_list_for_is_logged_reported_in_health_and_counted()
    {
        // Lists for 2000 only: whatever day the test runs, the host's NSE session looks up a year the file does not cover.
        string holidays = Path.Combine(_data, "holidays.json");
        await File.WriteAllTextAsync(holidays, """{ "years": [2000], "NSE": [ { "date": "2000-01-26", "name": "Republic Day" } ] }""");
        string config = Path.Combine(_data, "llfeed.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            DataDirectory = _data,
            MetricsUrl = "http://127.0.0.1:0",
            Database = new { PrivateCluster = false },
            Sessions = new { Enabled = true, HolidaysFile = holidays },
            Feeds = new[]
            {
                new { Name = "kite", Protocol = "kite", Url = "ws://127.0.0.1:1/", Exchange = "NSE", Instruments = new[] { new { Token = 408065, PriceDecimals = 2 } } },
            },
        }));

        using Process process = LlfeedProcess.Start("run", "--config", config);
        var output = new ConcurrentQueue<string>();
        var metricsUrl = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var unknownYear = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            if (MetricsLine().Match(line) is { Success: true } metrics)
            {
                metricsUrl.TrySetResult(metrics.Groups[1].Value);
            }

            if (line.Contains($"Holiday file {holidays} has no NSE holidays for ", StringComparison.Ordinal) && UnknownYearLog().Match(line) is { Success: true } log)
            {
                unknownYear.TrySetResult(log.Groups[1].Value);
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            string url = await WaitOrFail(metricsUrl.Task, "the metrics address", output);
            string year = await WaitOrFail(unknownYear.Task, "the unknown-year warning in the log", output);
            Assert.NotEqual("2000", year);
            Assert.Contains(output, l => l.Contains("its weekdays are taken as trading days", StringComparison.Ordinal));

            using var http = new HttpClient();
            using JsonDocument health = JsonDocument.Parse(await http.GetStringAsync(url.Replace("/metrics", "/health", StringComparison.Ordinal)));
            string warning = Assert.Single(
                health.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!),
                w => w.StartsWith($"the holiday file has no NSE holidays for {year} (", StringComparison.Ordinal));
            long reported = long.Parse(HealthLookups().Match(warning).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(reported >= 1, warning);

            // The counter is read at each scrape: at least the look-ups /health reported before it.
            Match counted = LookupsMetric().Match(await http.GetStringAsync(url));
            Assert.True(counted.Success, "llfeed_holiday_unknown_year_lookups_total is not exported");
            Assert.InRange(double.Parse(counted.Groups[1].Value, CultureInfo.InvariantCulture), reported, double.MaxValue);
            Assert.False(process.HasExited, "the host stopped:\n" + string.Join('\n', output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private static async Task<string> WaitOrFail(Task<string> task, string what, ConcurrentQueue<string> output)
    {
        try
        {
            return await task.WaitAsync(s_deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no {what} within {s_deadline.TotalSeconds} s; the host's output:\n{string.Join('\n', output)}");
            throw;
        }
    }

    [GeneratedRegex(@"metrics at (http://\S+/metrics)")]
    private static partial Regex MetricsLine();

    [GeneratedRegex(@"has no NSE holidays for (\d{4}): ")]
    private static partial Regex UnknownYearLog();

    [GeneratedRegex(@"\((\d+) lookup\(s\)\)")]
    private static partial Regex HealthLookups();

    [GeneratedRegex(@"(?m)^llfeed_holiday_unknown_year_lookups_total (\S+)$")]
    private static partial Regex LookupsMetric();
}
