namespace LowLatencyFeed.Research.Features;

/// <summary>Receives one feature row per closed bar (the span is valid only during the call).</summary>
public interface IFeatureSink
{
    void OnFeatures(in FeatureRow row, ReadOnlySpan<double> features);
}
