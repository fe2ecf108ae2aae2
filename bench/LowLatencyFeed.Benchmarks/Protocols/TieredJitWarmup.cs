using System.Diagnostics;
using System.Runtime;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Runs a benchmark body in its <c>[GlobalSetup]</c> until tiered compilation has stopped compiling, so the measured
/// iterations run the optimized (tier-1) code. Needed in process: the parser job's five 10 ms warm-ups are shorter than
/// the runtime's call-counting delay (100 ms, pushed back by every new tier-0 method), so the first case of a class could
/// be measured on its tier-0 code — in one run (2026-12-07 04:10 UTC, load about 25) every iteration of the Dhan 20-level
/// depth case was, 1.2 µs per side instead of 0.13 µs. Waiting for the JIT to go quiet needs no guess of how long that
/// takes on a loaded machine.
/// </summary>
internal static class TieredJitWarmup
{
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_round = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Calls every body in turn, 10 ms at a time, until no method has been compiled for 500 ms (at most 30 s; past that a
    /// line says the JIT never went quiet).
    /// </summary>
    public static void UntilSettled(string what, params Func<int>[] bodies)
    {
        var clock = Stopwatch.StartNew();
        long compiled = JitInfo.GetCompiledMethodCount();
        TimeSpan lastCompile = TimeSpan.Zero;
        int sink = 0;
        while (clock.Elapsed < s_limit)
        {
            foreach (Func<int> body in bodies)
            {
                TimeSpan roundEnd = clock.Elapsed + s_round;
                do
                {
                    sink += body();
                }
                while (clock.Elapsed < roundEnd);
            }

            long now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                lastCompile = clock.Elapsed;
            }
            else if (clock.Elapsed - lastCompile >= s_quiet)
            {
                return;
            }
        }

        Console.WriteLine($"// {what}: the JIT was still compiling after {s_limit.TotalSeconds:0} s of warm-up ({sink} events); iterations may include tier-0 code.");
    }
}
