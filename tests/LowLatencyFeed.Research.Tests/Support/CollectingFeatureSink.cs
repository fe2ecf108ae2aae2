using LowLatencyFeed.Research.Features;

namespace LowLatencyFeed.Research.Tests.Support;

/// <summary>Keeps a copy of every feature row.</summary>
internal sealed class CollectingFeatureSink : IFeatureSink
{
    public List<(FeatureRow Row, double[] Features)> Rows { get; } = [];

    public void OnFeatures(in FeatureRow row, ReadOnlySpan<double> features) => Rows.Add((row, features.ToArray()));
}

/// <summary>Counts rows without keeping them (allocation tests).</summary>
internal sealed class CountingFeatureSink : IFeatureSink
{
    public long Rows { get; private set; }

    public double Checksum { get; private set; }

    public void OnFeatures(in FeatureRow row, ReadOnlySpan<double> features)
    {
        Rows++;
        Checksum += features[0];
    }
}
