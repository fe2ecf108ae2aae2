using System.Globalization;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Replay;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed replay --journal DIR [--from T] [--to T] [--instruments LIST] [--speed max|1x|Nx] [--out FILE --format csv|jsonl]
/// [--metrics-out FILE] [--indicators-out FILE] [--config FILE] [--parallel [N]]</c>: runs journaled events through the
/// same bar and book code as live; <c>--parallel</c> splits the replay by instrument over N threads (default: one per
/// core but the reading thread's), with files in the canonical order that every N gives byte for byte (<c>Replay/README.md</c>). With <c>--config</c> the bars/books/signals/indicators settings of that run config are used, so results
/// match that live run (indicators bit for bit: they are seeded from the journal before <c>--from</c>).
/// </summary>
public static class ReplayCommand
{
    /// <summary>Exit 0 for a clean replay, 1 when journal problems were skipped, 2 for usage errors.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        string directory = line.GetString("journal") ?? throw new CommandLineException("replay needs --journal DIR");
        string? from = line.GetString("from");
        string? to = line.GetString("to");
        string? instruments = line.GetString("instruments");
        string speedText = line.GetString("speed") ?? "max";
        string? barsOut = line.GetString("out");
        string format = line.GetString("format") ?? "csv";
        string? metricsOut = line.GetString("metrics-out");
        string? indicatorsOut = line.GetString("indicators-out");
        string? config = line.GetString("config");
        string? dataDirectory = line.GetString("data-dir");
        int parallelism = ParseParallel(line.GetString("parallel"));
        line.RejectUnknownOptions();

        if (!Directory.Exists(directory))
        {
            throw new CommandLineException($"journal directory '{directory}' does not exist");
        }

        if (!ReplaySpeed.TryParse(speedText, out var speed))
        {
            throw new CommandLineException($"--speed must be max, 1x or Nx (e.g. 10x), got '{speedText}'");
        }

        FeedHostOptions? loaded = config is null ? null : ConfigurationLoader.Load(config, requireFeeds: false);
        var processing = loaded?.Processing ?? new ProcessingOptions();
        // Names (NSE:INFY) resolve through the cached masters of --data-dir, else the config's data directory.
        string masterDirectory = dataDirectory ?? loaded?.DataDirectory ?? new FeedHostOptions().DataDirectory;
        if (parallelism > 0 && (!speed.IsMax || processing.HasIndicators))
        {
            throw new CommandLineException("--parallel needs --speed max and no indicators (Processing:Indicators in the config); leave --parallel out for those");
        }

        if (indicatorsOut is not null && !processing.HasIndicators)
        {
            throw new CommandLineException("--indicators-out needs indicators: pass --config FILE with Processing:Indicators (e.g. [{ \"Timeframe\": \"1m\", \"Name\": \"rsi\", \"Period\": 14 }])");
        }

        ReplayOptions options;
        try
        {
            options = new ReplayOptions
            {
                JournalDirectory = directory,
                FromTimeNs = from is null ? null : ReplayArguments.ParseTime(from),
                ToTimeNs = to is null ? null : ReplayArguments.ParseTime(to),
                Instruments = instruments is null ? null : [.. InstrumentNameList.Parse(instruments, masterDirectory)],
                Speed = speed,
                BarsOutFile = barsOut,
                MetricsOutFile = metricsOut,
                IndicatorsOutFile = indicatorsOut,
                Indicators = processing.HasIndicators ? processing.ToIndicatorOptions() : null,
                Format = ReplayArguments.ParseFormat(format),
                Bars = processing.ToBarOptions(),
                Books = processing.ToBookOptions(),
                Signals = processing.ToSignalOptions(),
                Parallelism = parallelism,
            };
        }
        catch (FormatException exception)
        {
            throw new CommandLineException(exception.Message);
        }
        catch (ArgumentException exception)
        {
            throw new CommandLineException(exception.Message);
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var result = await ReplayRunner.RunAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"replayed {result.Events} events (last sequence {result.LastSequence}) in {result.Elapsed.TotalSeconds:F2}s = {result.EventsPerSecond:F0} events/s at speed {speed}{(parallelism > 0 ? $" on {parallelism} worker thread(s)" : "")}: {result.Bars} bars, {result.MetricsSamples} book metric samples, {result.Signals} signals, {result.Indicators} indicator values, {result.IssueCount} journal problem(s)")).ConfigureAwait(false);
        return result.ExitCode;
    }

    /// <summary><c>--parallel</c>: absent → 0 (single-threaded); no value → <see cref="DefaultWorkers"/>; else a whole number ≥ 1.</summary>
    public static int ParseParallel(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        if (text.Length == 0)
        {
            return DefaultWorkers(Environment.ProcessorCount);
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int workers) || workers < 1 || workers > 1024)
        {
            throw new CommandLineException($"--parallel takes the number of worker threads, a whole number from 1 to 1024 (or no value for one per core but the reader's, {DefaultWorkers(Environment.ProcessorCount)} here), got '{text}'");
        }

        return workers;
    }

    /// <summary>
    /// Workers for a bare <c>--parallel</c> on <paramref name="cores"/> cores: one per core but the one the shared block
    /// reader keeps busy, at least one (on 2 cores one worker beside the reader was the fastest: Replay/README.md).
    /// </summary>
    public static int DefaultWorkers(int cores) => Math.Max(1, cores - 1);
}
