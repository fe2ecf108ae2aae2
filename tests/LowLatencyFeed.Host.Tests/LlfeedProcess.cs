using System.Diagnostics;

namespace LowLatencyFeed.Host.Tests;

/// <summary>Runs the real <c>llfeed</c> executable (the host's build output beside the tests) and collects its output.</summary>
internal static class LlfeedProcess
{
    /// <summary>How to start <c>llfeed <paramref name="arguments"/></c> with its output redirected (add environment variables before starting).</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "llfeed.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Starts <c>llfeed <paramref name="arguments"/></c> with its output redirected.</summary>
    public static Process Start(params string[] arguments) => Process.Start(StartInfo(arguments))!;

    /// <summary>True once the process has exited; false if it is still running after <paramref name="timeout"/>.</summary>
    public static async Task<bool> ExitsWithinAsync(Process process, TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The exit code, standard output and standard error of <c>llfeed <paramref name="arguments"/></c>.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using Process process = Start(arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();

        // A bound on a hung process (training is seconds even on a loaded machine), not a timing assertion.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"llfeed {string.Join(' ', arguments)} did not exit: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
