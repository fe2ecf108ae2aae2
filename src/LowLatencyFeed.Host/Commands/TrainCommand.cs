using System.Globalization;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Replay;
using LowLatencyFeed.Research.Labels;
using LowLatencyFeed.Research.Training;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed train --journal DIR --from T --to T --out model.zip [--config FILE] [--instruments LIST] [--timeframe 1m]
/// [--folds 4] [--embargo-bars 5] [--vertical-bars 10] [--barrier 2] [--iterations 100] [--leaves 15] [--seed 1]</c>:
/// purged, embargoed walk-forward LightGBM on the journal's features and triple-barrier labels
/// (<c>src/LowLatencyFeed.Research/README.md</c>). Features follow the config's <c>Processing:Scoring</c>, so the
/// model fits a host run with that config.
/// </summary>
public static class TrainCommand
{
    /// <summary>Exit 0 with a model written, 1 when the range is too small for the folds, 2 for usage errors.</summary>
    public static int Run(CommandLine line, TextWriter output, CancellationToken cancellation)
    {
        string journal = line.GetString("journal") ?? throw new CommandLineException("train needs --journal DIR");
        string outPath = line.GetString("out") ?? throw new CommandLineException("train needs --out model.zip");
        string? from = line.GetString("from");
        string? to = line.GetString("to");
        string? instruments = line.GetString("instruments");
        string? config = line.GetString("config");
        string? timeframe = line.GetString("timeframe");
        int folds = (int)line.GetInt64("folds", 4, 1, 50);
        int embargo = (int)line.GetInt64("embargo-bars", 5, 0, 100_000);
        int vertical = (int)line.GetInt64("vertical-bars", 10, 1, 100_000);
        string barrierText = line.GetString("barrier") ?? "2";
        int iterations = (int)line.GetInt64("iterations", 100, 1, 100_000);
        int leaves = (int)line.GetInt64("leaves", 15, 2, 4096);
        int seed = (int)line.GetInt64("seed", 1, 0, int.MaxValue);
        line.RejectUnknownOptions();
        if (!Directory.Exists(journal))
        {
            throw new CommandLineException($"journal directory '{journal}' does not exist");
        }

        if (!double.TryParse(barrierText, NumberStyles.Float, CultureInfo.InvariantCulture, out double barrier) || !(barrier > 0))
        {
            throw new CommandLineException($"--barrier must be a positive multiple of the volatility, got '{barrierText}'");
        }

        FeedHostOptions? loaded = config is null ? null : ConfigurationLoader.Load(config, requireFeeds: false);
        var processing = loaded?.Processing ?? new ProcessingOptions();
        if (timeframe is not null)
        {
            if (TimeframeNames.Parse(timeframe) <= TimeSpan.Zero)
            {
                throw new CommandLineException($"--timeframe must be 1s, 1m, 5m, … or seconds, got '{timeframe}'");
            }

            processing.Scoring.Timeframe = timeframe;
        }

        TrainingOptions options;
        try
        {
            options = new TrainingOptions
            {
                JournalDirectory = journal,
                FromTimeNs = from is null ? null : ReplayArguments.ParseTime(from),
                ToTimeNs = to is null ? null : ReplayArguments.ParseTime(to),
                Instruments = instruments is null ? null : [.. InstrumentNameList.Parse(instruments, loaded?.DataDirectory ?? new FeedHostOptions().DataDirectory)],
                Features = processing.Scoring.ToFeatureOptions(processing),
                Labels = new TripleBarrierOptions { UpperMultiple = barrier, LowerMultiple = barrier, VerticalBars = vertical },
                LightGbm = new LightGbmParameters { NumberOfIterations = iterations, NumberOfLeaves = leaves, Seed = seed },
                Folds = folds,
                EmbargoBars = embargo,
                Bars = processing.ToBarOptions(),
                Books = processing.ToBookOptions(),
            };
        }
        catch (FormatException exception)
        {
            throw new CommandLineException(exception.Message);
        }
        catch (ConfigurationException exception)
        {
            throw new CommandLineException(exception.Message);
        }

        try
        {
            TrainingResult result = ModelTrainer.Train(options, outPath, output, cancellation);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {result.Manifest.Version}: {result.Manifest.Samples} samples, {result.Manifest.FeatureNames.Length} features, mean out-of-sample AUC {result.Manifest.FoldScores.Average(f => f.MacroAuc):F3}; report {result.ReportPath}"));
            return 0;
        }
        catch (TooFewSamplesException exception)
        {
            output.WriteLine("llfeed train: " + exception.Message);
            return 1;
        }
    }
}
