using System.Diagnostics;

namespace LowLatencyFeed.Host.Tests.Research;

/// <summary>Runs the real <c>llfeed</c> executable (the host's build output beside the tests) and collects its output.</summary>
internal static class LlfeedProcess
{
    /// <summary>The exit code, standard output and standard error of <c>llfeed <paramref name="arguments"/></c>.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
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

        using Process process = Process.Start(start)!;
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
