using LowLatencyFeed.Research.Training;

namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// What a model file says about itself (<c>manifest.json</c> in the zip): its version, the feature settings and the
/// feature names in column order, the label barriers, the LightGBM parameters, the data range and the fold scores.
/// </summary>
public sealed record ModelManifest
{
    public const string CurrentFormat = "llfeed-model/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>16 hex digits: the first 8 bytes of the SHA-256 of the trees (<c>forest.json</c>).</summary>
    public string Version { get; init; } = "";

    public DateTime CreatedUtc { get; init; }

    public long TimeframeSeconds { get; init; }

    public int[] ReturnHorizons { get; init; } = [];

    public int VolatilityWindow { get; init; }

    public int FlowWindow { get; init; }

    public int[] ImbalanceDepths { get; init; } = [];

    public string[] FeatureNames { get; init; } = [];

    public string[] Classes { get; init; } = ClassMetrics.ClassNames;

    public double UpperMultiple { get; init; }

    public double LowerMultiple { get; init; }

    public int VerticalBars { get; init; }

    public LightGbmParameters Parameters { get; init; } = new();

    public int Folds { get; init; }

    public int EmbargoBars { get; init; }

    public string Journal { get; init; } = "";

    public long? FromTimeNs { get; init; }

    public long? ToTimeNs { get; init; }

    public long FirstSampleTimeNs { get; init; }

    public long LastSampleTimeNs { get; init; }

    public int Samples { get; init; }

    public int[] ClassCounts { get; init; } = [];

    public FoldScore[] FoldScores { get; init; } = [];

    public FeatureImportance[] Importance { get; init; } = [];

    /// <summary>The version as a number (for <c>llfeed.signals.model_version</c>).</summary>
    public long VersionNumber => Version.Length == 16 ? (long)Convert.ToUInt64(Version, 16) : 0;
}

/// <summary>One fold's sizes and scores.</summary>
public sealed record FoldScore(
    int Fold, int TrainSamples, int TestSamples, int Purged, long TestFromNs, long TestToNs,
    double Accuracy, double MacroAuc, double[] Auc, double[] Precision, double[] Recall, int[][] Confusion);

/// <summary>A feature's total split gain over the final model's trees, and its share of the total.</summary>
public sealed record FeatureImportance(string Feature, double Gain, double Share);
