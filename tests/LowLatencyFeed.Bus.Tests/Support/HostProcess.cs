using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>An <c>llfeed run --config FILE</c> process (the published host), so tests can SIGKILL it.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>A feed host's config: one Kite feed from the simulator, journal-only, publishing to the bus.</summary>
    public static object FeedHostConfig(string dataDirectory, string host, string natsUrl, Uri feedUri, IEnumerable<long> tokens) => new
    {
        DataDirectory = dataDirectory,
        MetricsUrl = "http://127.0.0.1:0",
        ClockIntervalMilliseconds = 50,
        Database = new { PrivateCluster = false },
        Journal = new { MaxBlockLatencyMilliseconds = 5 },
        Bus = new { Enabled = true, Url = natsUrl, Host = host, AckTimeoutSeconds = 2 },
        Feeds = new[] { new { Name = "kite-" + host, Protocol = "kite", Url = feedUri.ToString(), Instruments = tokens.Select(t => new { Token = t, Mode = "Full" }).ToArray() } },
    };

    /// <summary>A consumer host's config: the bus as source, rows into <paramref name="connectionString"/>.</summary>
    public static object ConsumerConfig(string dataDirectory, string natsUrl, string durable, string[] hosts, string connectionString) => new
    {
        DataDirectory = dataDirectory,
        MetricsUrl = "http://127.0.0.1:0",
        Database = new { ConnectionString = connectionString, MaxBatchAgeMilliseconds = 50 },
        Journal = new { MaxBlockLatencyMilliseconds = 5 },
        Source = new { Type = "jetstream", Url = natsUrl, Durable = durable, Hosts = hosts },
    };

    /// <summary>Writes <paramref name="config"/> as the config file and starts the host.</summary>
    public static HostProcess Run(object config, string configPath)
    {
        File.WriteAllText(configPath, JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "llfeed.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        return new HostProcess(Process.Start(start)!);
    }

    /// <summary>SIGKILL: no drain, no flush.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit(30_000);
    }

    /// <summary>SIGTERM, then waits for the drained exit.</summary>
    public async Task TerminateAsync()
    {
        // Before the host is up, SIGTERM would end the runtime instead of draining the engine.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!_process.HasExited && !Output.Contains("llfeed: stage", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
