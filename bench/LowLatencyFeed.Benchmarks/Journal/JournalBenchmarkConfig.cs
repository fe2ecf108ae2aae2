using BenchmarkDotNet.Configs;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>Adds the journal throughput columns.</summary>
internal sealed class JournalBenchmarkConfig : ManualConfig
{
    public JournalBenchmarkConfig()
    {
        AddColumn(JournalThroughputColumn.All);
    }
}
