using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Fuzzing;
using LowLatencyFeed.Host.Simulation;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed fuzz --protocol P|all --frames N [--seed S] [--warmup N] [--frame-timeout-ms MS] [--parallel N] [--seconds S]</c>: mutated
/// and random frames, made from the simulator's valid messages, through the live decode path of each protocol (for
/// <c>all</c>, <c>--parallel</c> protocols at a time, default one per core: more only share the cores, and each
/// protocol's frames/s then says what a core does). Exit 1 when any frame crashed the parser, hung, left a claim open
/// or allocated after the warm-up. <c>--seconds</c> bounds each protocol's run (it stops early and says how many frames ran).
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
        int parallel = (int)line.GetInt64("parallel", Environment.ProcessorCount, 1, 64);
        long seconds = line.GetInt64("seconds", 0, 0);
        line.RejectUnknownOptions();
        string[] protocols = protocol == "all" ? [.. SimulatedFeedConfig.Protocols] : [protocol];
        foreach (string name in protocols)
        {
            if (!SimulatedFeedConfig.Protocols.Contains(name))
            {
                throw new CommandLineException($"unknown protocol '{name}' (one of: {string.Join(", ", SimulatedFeedConfig.Protocols)}, all)");
            }
        }

        output.WriteLine($"fuzz: {string.Join(", ", protocols)}; {frames:N0} frames each, seed {seed}, warm-up {warmUp:N0}, frame timeout {timeoutMs} ms, {Math.Min(parallel, protocols.Length)} at a time");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(parallel);
        Task<FuzzReport>[] runs = [.. protocols.Select(name => Task.Factory.StartNew(
            () =>
            {
                slots.Wait(CancellationToken.None);
                try
                {
                    using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    if (seconds > 0)
                    {
                        budget.CancelAfter(TimeSpan.FromSeconds(seconds));
                    }

                    return FuzzRunner.Run(name, seed, frames, warmUp, TimeSpan.FromMilliseconds(timeoutMs), budget.Token);
                }
                finally
                {
                    slots.Release();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))];
        FuzzReport[] reports = await Task.WhenAll(runs).ConfigureAwait(false);
        TimeSpan elapsed = clock.Elapsed;
        bool passed = true;
        foreach (FuzzReport report in reports)
        {
            report.Write(output);
            if (report.Frames < frames && !report.Hung)
            {
                output.WriteLine($"  stopped by --seconds {seconds} after {report.Frames:N0} of {frames:N0} frames");
            }

            passed &= report.Passed;
        }

        long total = reports.Sum(r => r.Frames);
        output.WriteLine($"fuzz: {total:N0} frames in {elapsed.TotalSeconds:N0} s ({total / Math.Max(elapsed.TotalSeconds, 1e-9):N0} frames/s over all protocols)");
        output.WriteLine(passed ? "fuzz: PASS (0 crashes, 0 hangs, 0 open claims, 0 allocations after warm-up)" : "fuzz: FAIL");
        return passed ? 0 : 1;
    }
}
