using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

/// <summary>
/// Journals written before record encoding 2: <c>Fixtures/encoding-1</c> is one segment and its index as the build of
/// 2026-12-07 (commit 9540808) wrote them, from <see cref="JournalFixture.Write"/> with 600 events of seed 21.
/// </summary>
public sealed class RecordEncodingCompatibilityTests : IDisposable
{
    private const int FixtureEvents = 600;
    private const int FixtureSeed = 21;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_journal_of_record_encoding_1_reads_back_exactly()
    {
        string directory = CopyFixture();
        Assert.Equal(JournalFormat.CompactRecordEncoding, EncodingOf(JournalDirectory.SegmentPath(directory, 1)));

        RoundTripTests.AssertReadsBack(directory, FixtureEvents, FixtureSeed);
    }

    [Fact]
    public void The_writer_continues_a_journal_of_encoding_1_in_a_new_segment_of_encoding_2()
    {
        string directory = CopyFixture();
        string first = JournalDirectory.SegmentPath(directory, 1);
        byte[] before = File.ReadAllBytes(first);
        var slabs = new DepthSlabPool(1);
        var generator = new TestEventGenerator(FixtureSeed, slabs: slabs);
        MarketEvent e = default;
        for (long s = 0; s < FixtureEvents; s++)
        {
            generator.Next(s, ref e);
        }

        using (var writer = JournalWriter.Open(JournalFixture.Options(directory), slabs))
        {
            Assert.Equal(FixtureEvents - 1, writer.LastSequence);
            for (long s = FixtureEvents; s < FixtureEvents + 400; s++)
            {
                generator.Next(s, ref e);
                Assert.True(writer.Append(in e, s));
            }
        }

        Assert.Equal(before, File.ReadAllBytes(first));
        Assert.Equal(JournalFormat.NarrowRecordEncoding, EncodingOf(JournalDirectory.SegmentPath(directory, 2)));
        RoundTripTests.AssertReadsBack(directory, FixtureEvents + 400, FixtureSeed);
    }

    private static ushort EncodingOf(string segmentPath)
    {
        byte[] bytes = new byte[JournalFormat.FileHeaderSize];
        using (FileStream file = File.OpenRead(segmentPath))
        {
            file.ReadExactly(bytes);
        }

        Assert.Equal(FileHeaderStatus.Ok, FileHeader.TryRead(bytes, JournalFormat.SegmentMagic, out FileHeader header));
        return header.RecordEncoding;
    }

    private string CopyFixture()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "encoding-1");
        string directory = _temp.Sub("journal");
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        return directory;
    }
}
