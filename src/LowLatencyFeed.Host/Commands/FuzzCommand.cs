using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Fuzzing;
using LowLatencyFeed.Host.Simulation;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed fuzz --protocol P|all --frames N [--seed S] [--warmup N] [--frame-timeout-ms MS]</c>: mutated and random
/// frames, made from the simulator's valid messages, through the live decode path of each protocol (in parallel for
/// <c>all</c>). Exit 1 when any frame crashed the parser, hung, left a claim open or allocated after the warm-up.
/// </summary>
public static class FuzzCommand
{
    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        string protocol = line.GetString("protocol") ?? throw new CommandLineException($"fuzz needs --protocol ({string.Join(", ", SimulatedFeedConfig.Protocols)} or all)");
        long frames = line.GetInt64("frames", 1_000_000, 1);
        long seed = line.GetInt64("seed", 1);
        long warmUp = line.GetInt64("warmup", Math.Min(20_000, frames / 10), 0);
        long timeoutMs = line.GetInt64("frame-timeout-ms", 10_000, 1);
        line.RejectUnknownOptions();
        string[] protocols = protocol == "all" ? [.. SimulatedFeedConfig.Protocols] : [protocol];
        foreach (string name in protocols)
        {
            if (!SimulatedFeedConfig.Protocols.Contains(name))
            {
                throw new CommandLineException($"unknown protocol '{name}' (one of: {string.Join(", ", SimulatedFeedConfig.Protocols)}, all)");
            }
        }

        output.WriteLine($"fuzz: {string.Join(", ", protocols)}; {frames:N0} frames each, seed {seed}, warm-up {warmUp:N0}, frame timeout {timeoutMs} ms");
        Task<FuzzReport>[] runs = [.. protocols.Select(name => Task.Factory.StartNew(
            () => FuzzRunner.Run(name, seed, frames, warmUp, TimeSpan.FromMilliseconds(timeoutMs), cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))];
        FuzzReport[] reports = await Task.WhenAll(runs).ConfigureAwait(false);
        bool passed = true;
        foreach (FuzzReport report in reports)
        {
            report.Write(output);
            passed &= report.Passed;
        }

        output.WriteLine(passed ? "fuzz: PASS (0 crashes, 0 hangs, 0 open claims, 0 allocations after warm-up)" : "fuzz: FAIL");
        return passed ? 0 : 1;
    }
}
