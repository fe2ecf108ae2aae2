using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Research.Features;
using LowLatencyFeed.Research.Labels;

namespace LowLatencyFeed.Research.Training;

/// <summary>What <c>llfeed train</c> learns from and how it validates.</summary>
public sealed record TrainingOptions
{
    public required string JournalDirectory { get; init; }

    /// <summary>First bar start used as a sample, Unix ns (features still see the journal before it); null: from the start.</summary>
    public long? FromTimeNs { get; init; }

    /// <summary>Events at or after this are not read (labels never look past it), Unix ns; null: to the end.</summary>
    public long? ToTimeNs { get; init; }

    public IReadOnlyCollection<InstrumentId>? Instruments { get; init; }

    public FeatureOptions Features { get; init; } = new();

    public TripleBarrierOptions Labels { get; init; } = new();

    public LightGbmParameters LightGbm { get; init; } = new();

    /// <summary>Walk-forward folds: the samples are cut into Folds + 1 blocks in time; fold k trains on blocks before k and tests on block k.</summary>
    public int Folds { get; init; } = 4;

    /// <summary>Extra gap before each test block, in bars: training samples whose label ends within it are dropped too.</summary>
    public int EmbargoBars { get; init; } = 5;

    /// <summary>A fold needs at least this many training samples after purging…</summary>
    public int MinTrainSamples { get; init; } = 100;

    /// <summary>…and this many test samples; otherwise training stops and says which fold fell short.</summary>
    public int MinTestSamples { get; init; } = 30;

    public BarOptions Bars { get; init; } = new();

    public BookOptions Books { get; init; } = new();
}
