using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace LowLatencyFeed.Host.Soak;

/// <summary>
/// A child <c>llfeed run --config FILE</c> process (this executable's own assembly through <c>dotnet</c>), its output kept
/// for diagnosis, and its Prometheus figures read over loopback.
/// </summary>
internal sealed partial class SoakHostProcess : IDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly Uri _metrics;
    private readonly System.Text.StringBuilder _output = new();
    private StreamWriter? _log;

    private SoakHostProcess(Process process, Uri metrics, string? logFile)
    {
        _process = process;
        _metrics = metrics;
        _log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
    }

    /// <summary>The last lines the process printed.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                string text = _output.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    /// <summary>
    /// Starts the host on <paramref name="configFile"/>; its metrics listen on <paramref name="metrics"/>. Its whole output
    /// also goes to <paramref name="logFile"/> when given (kept with <c>--keep</c> for diagnosing a failed run).
    /// </summary>
    public static SoakHostProcess Start(string configFile, Uri metrics, string? logFile = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host process");
        var host = new SoakHostProcess(process, metrics, logFile);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>SIGKILL: no drain, no flush.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM and wait for the clean stop (the ring drains through every stage); the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan deadline)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(_process.Id, 15);
        }

        await _process.WaitForExitAsync().WaitAsync(deadline).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>A gauge or counter summed over its label sets (e.g. <c>llfeed_ring_cursor</c>), or null while the endpoint is not up.</summary>
    public async Task<IReadOnlyDictionary<string, double>?> ReadMetricAsync(string name)
    {
        string text;
        try
        {
            text = await s_http.GetStringAsync(new Uri(_metrics, "metrics")).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in MetricLine().Matches(text))
        {
            if (m.Groups["name"].Value == name)
            {
                values[m.Groups["labels"].Value] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return values;
    }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _log?.WriteLine(line);
            _output.AppendLine(line);
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?<labels>\{[^}]*\})? (?<value>[-0-9.eE+]+|NaN)$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
