using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// The stream harness's clients in a child process that stands in for remote machines (<c>--clients-process true</c>):
/// this benchmark executable again, verb <c>stream-clients</c> (<see cref="StreamClientsVerb"/>), started at the lowest
/// CPU priority so that, like clients on other machines, it only gets CPU the host does not need. The host's process then
/// does only its own work — simulator, feed, ring stages, the stream stage and its senders, whose socket sends are the
/// host's real cost of serving clients and stay at the host's priority.
/// </summary>
/// <remarks>
/// On Linux nice is per thread and a new thread inherits its creator's, so the priority is set by launchers before the
/// runtime starts any thread: <c>/usr/bin/nice -n 19</c>, and <c>/usr/bin/chrt --idle 0</c> (SCHED_IDLE: below every
/// nice level, and kept when something renices the process) where it exists. Protocol: the child prints <c>ready</c>
/// once every client has subscribed; the parent writes a line (or closes stdin) to stop it; the child prints its
/// counts (<see cref="StreamClientCounts.ToLine"/>) and exits.
/// </remarks>
internal sealed class StreamClientsProcess : IStreamLoadClients
{
    public const string Verb = "stream-clients";
    public const string ReadyLine = "ready";

    // Bounds on a hung child, not timings: the child starts a runtime and connects N sockets at idle priority.
    private static readonly TimeSpan s_readyDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_stopDeadline = TimeSpan.FromMinutes(2);
    private static readonly string[] s_launchers = Launchers();
    private readonly Process _process;

    private StreamClientsProcess(Process process) => _process = process;

    /// <summary>How the child is started, for the harness's output header.</summary>
    public static string Priority => s_launchers.Length == 0
        ? "normal priority (no /usr/bin/nice or /usr/bin/chrt here)"
        : "lowest priority: " + string.Join(' ', s_launchers);

    /// <summary>Starts the child and returns once its <paramref name="count"/> clients have subscribed.</summary>
    public static async Task<StreamClientsProcess> StartAsync(Uri apiAddress, int count, string format, bool batch)
    {
        var command = new List<string>(s_launchers);
        string executable = Environment.ProcessPath ?? "dotnet";
        command.Add(executable);
        if (Path.GetFileNameWithoutExtension(executable).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as `dotnet LowLatencyFeed.Benchmarks.dll`: the host needs the assembly again.
            command.Add(typeof(Program).Assembly.Location);
        }

        command.AddRange([Verb, "--address", apiAddress.ToString(), "--clients", count.ToString(CultureInfo.InvariantCulture), "--format", format, "--batch", batch ? "true" : "false"]);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {string.Join(' ', command)}");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{Verb}] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        var child = new StreamClientsProcess(process);
        try
        {
            string? line = await child.ReadLineAsync(s_readyDeadline).ConfigureAwait(false);
            if (line != ReadyLine)
            {
                throw new InvalidOperationException($"{Verb} child did not get ready: it printed \"{line}\"{child.ExitDescription()}");
            }
        }
        catch
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return child;
    }

    public async Task<StreamClientCounts> StopAsync()
    {
        await _process.StandardInput.WriteLineAsync("stop").ConfigureAwait(false);
        _process.StandardInput.Close();
        while (true)
        {
            string? line = await ReadLineAsync(s_stopDeadline).ConfigureAwait(false);
            if (line is null)
            {
                throw new InvalidOperationException($"{Verb} child ended without its counts{ExitDescription()}");
            }

            if (StreamClientCounts.TryParse(line, out StreamClientCounts counts))
            {
                await _process.WaitForExitAsync().WaitAsync(s_stopDeadline).ConfigureAwait(false);
                return counts;
            }

            Console.Error.WriteLine($"[{Verb}] {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task<string?> ReadLineAsync(TimeSpan deadline)
    {
        try
        {
            return await _process.StandardOutput.ReadLineAsync().WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Verb} child printed nothing for {deadline.TotalMinutes:F0} min{ExitDescription()}");
        }
    }

    private string ExitDescription() => _process.HasExited ? $" (exit code {_process.ExitCode})" : "";

    private static string[] Launchers()
    {
        var launchers = new List<string>();
        if (File.Exists("/usr/bin/nice"))
        {
            launchers.AddRange(["/usr/bin/nice", "-n", "19"]);
        }

        if (OperatingSystem.IsLinux() && File.Exists("/usr/bin/chrt"))
        {
            launchers.AddRange(["/usr/bin/chrt", "--idle", "0"]);
        }

        return [.. launchers];
    }
}
