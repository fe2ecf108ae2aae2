using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Research.Features;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// <c>Processing:Scoring</c>: the model the scoring stage runs (none: no stage) and the feature settings this host
/// computes. <c>llfeed train --config</c> trains with the same settings, so a model trained from a config fits the
/// host that runs it; a model trained otherwise is refused at start, naming the difference.
/// </summary>
public sealed class ScoringOptions
{
    /// <summary>Path of the model file (<c>llfeed train --out</c>); null or empty: no scoring stage.</summary>
    public string? Model { get; set; }

    /// <summary>Feature timeframe (<c>1m</c>): the stage scores each closed bar of it.</summary>
    public string Timeframe { get; set; } = "1m";

    public List<int> ReturnHorizons { get; set; } = [1, 5, 20];

    public int VolatilityWindow { get; set; } = 20;

    public int FlowWindow { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(Model);

    /// <summary>The feature settings: these, with the book's imbalance windows (<c>Processing:ImbalanceDepths</c>).</summary>
    public FeatureOptions ToFeatureOptions(ProcessingOptions processing)
    {
        TimeSpan span = TimeframeNames.Parse(Timeframe);
        if (span <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"Processing:Scoring:Timeframe '{Timeframe}' is not a timeframe (1s, 1m, 5m, … or seconds)");
        }

        var options = new FeatureOptions
        {
            Timeframe = span,
            ReturnHorizons = [.. ReturnHorizons],
            VolatilityWindow = VolatilityWindow,
            FlowWindow = FlowWindow,
            ImbalanceDepths = [.. processing.ImbalanceDepths],
        };
        try
        {
            _ = new FeatureEngine(options, NullFeatureSink.Instance);
        }
        catch (ArgumentException exception)
        {
            throw new ConfigurationException("Processing:Scoring: " + exception.Message);
        }

        return options;
    }

    private sealed class NullFeatureSink : IFeatureSink
    {
        public static readonly NullFeatureSink Instance = new();

        public void OnFeatures(in FeatureRow row, ReadOnlySpan<double> features)
        {
        }
    }
}
