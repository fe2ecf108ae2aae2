using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests.Support;

/// <summary>Writes generated events to a journal directory.</summary>
public static class JournalFixture
{
    public static JournalWriterOptions Options(string directory, int maxEventsPerBlock = 64, long segmentBytes = 1L << 20, JournalCompression compression = JournalCompression.Lz4)
        => new()
        {
            Directory = directory,
            MaxEventsPerBlock = maxEventsPerBlock,
            SegmentBytes = segmentBytes,
            Compression = compression,
            Durability = JournalDurability.FlushPerBlock,
        };

    /// <summary>Writes sequences <paramref name="first"/>..first+count-1 from a generator with <paramref name="seed"/>.</summary>
    public static void Write(JournalWriterOptions options, int count, int seed = 1, long first = 0, bool withSlabs = true)
    {
        var slabs = withSlabs ? new DepthSlabPool(1) : null;
        var generator = new TestEventGenerator(seed, slabs: slabs);
        using var writer = JournalWriter.Open(options, slabs);
        Assert.Equal(first - 1, writer.LastSequence);
        MarketEvent e = default;
        for (long s = first; s < first + count; s++)
        {
            generator.Next(s, ref e);
            Assert.True(writer.Append(in e, s));
        }
    }
}
