using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Retention;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Segments_older_than_the_maximum_age_are_deleted_but_never_the_active_one()
    {
        using JournalWriter writer = OpenWithSegments(out List<SegmentRef> segments);
        foreach (SegmentRef segment in segments)
        {
            File.SetLastWriteTimeUtc(segment.Path, s_now.UtcDateTime.AddDays(-30));
        }

        var retention = JournalRetention.ForWriter(writer, new JournalRetentionOptions { MaxAge = TimeSpan.FromDays(7) }, new FixedTime(s_now));
        RetentionResult result = retention.RunOnce();

        Assert.Equal(segments.Count - 1, result.DeletedSegments.Count);
        SegmentRef kept = Assert.Single(JournalDirectory.ListSegments(_temp.Path));
        Assert.Equal(writer.ActiveSegmentOrdinal, kept.Ordinal);
        Assert.True(File.Exists(kept.IndexPath));
        Assert.False(File.Exists(segments[0].IndexPath));
    }

    [Fact]
    public void Only_segments_past_the_age_go()
    {
        using JournalWriter writer = OpenWithSegments(out List<SegmentRef> segments);
        for (int i = 0; i < segments.Count; i++)
        {
            File.SetLastWriteTimeUtc(segments[i].Path, s_now.UtcDateTime.AddDays(i < 2 ? -10 : -1));
        }

        RetentionResult result = JournalRetention.ForWriter(writer, new JournalRetentionOptions { MaxAge = TimeSpan.FromDays(7) }, new FixedTime(s_now)).RunOnce();

        Assert.Equal(new[] { segments[0].Path, segments[1].Path }, result.DeletedSegments);
    }

    [Fact]
    public void Oldest_segments_are_deleted_until_the_journal_fits_the_size_limit()
    {
        using JournalWriter writer = OpenWithSegments(out List<SegmentRef> segments);
        long total = segments.Sum(s => new FileInfo(s.Path).Length + new FileInfo(s.IndexPath).Length);
        long limit = total / 2;

        RetentionResult result = JournalRetention.ForWriter(writer, new JournalRetentionOptions { MaxTotalBytes = limit }, new FixedTime(s_now)).RunOnce();

        Assert.True(result.RemainingBytes <= limit);
        Assert.Equal(segments.Take(result.DeletedSegments.Count).Select(s => s.Path), result.DeletedSegments);
        Assert.Equal(segments[^1].Path, JournalDirectory.ListSegments(_temp.Path)[^1].Path);

        // Even a limit of zero leaves the segment being written.
        JournalRetention.ForWriter(writer, new JournalRetentionOptions { MaxTotalBytes = 0 }, new FixedTime(s_now)).RunOnce();
        Assert.Equal(writer.ActiveSegmentOrdinal, Assert.Single(JournalDirectory.ListSegments(_temp.Path)).Ordinal);
    }

    [Fact]
    public void Segments_still_needed_by_the_database_checkpoint_are_kept()
    {
        using JournalWriter writer = OpenWithSegments(out List<SegmentRef> segments);
        long neededFrom = FirstSequence(segments[2]) + 1; // inside segment 2

        var options = new JournalRetentionOptions { MaxTotalBytes = 0, OldestSequenceNeeded = () => neededFrom };
        RetentionResult result = JournalRetention.ForWriter(writer, options, new FixedTime(s_now)).RunOnce();

        Assert.Equal(new[] { segments[0].Path, segments[1].Path }, result.DeletedSegments);
    }

    [Fact]
    public void Without_a_writer_the_newest_segment_is_never_deleted()
    {
        OpenWithSegments(out List<SegmentRef> segments).Dispose();
        new JournalRetention(_temp.Path, new JournalRetentionOptions { MaxTotalBytes = 0 }, time: new FixedTime(s_now)).RunOnce();
        Assert.Equal(segments[^1].Path, Assert.Single(JournalDirectory.ListSegments(_temp.Path)).Path);
    }

    [Fact]
    public async Task Background_task_runs_a_pass_and_stops()
    {
        using JournalWriter writer = OpenWithSegments(out _);
        var retention = JournalRetention.ForWriter(writer, new JournalRetentionOptions { MaxTotalBytes = 0, Interval = TimeSpan.FromMilliseconds(10) });
        retention.Start();
        for (int i = 0; i < 500 && JournalDirectory.ListSegments(_temp.Path).Count > 1; i++)
        {
            await Task.Delay(10);
        }

        await retention.DisposeAsync();
        Assert.Single(JournalDirectory.ListSegments(_temp.Path));
    }

    private JournalWriter OpenWithSegments(out List<SegmentRef> segments)
    {
        var options = JournalFixture.Options(_temp.Path, maxEventsPerBlock: 16, segmentBytes: 4096);
        var writer = JournalWriter.Open(options);
        var generator = new TestEventGenerator(3);
        MarketEvent e = default;
        for (long s = 0; s < 2000; s++)
        {
            generator.Next(s, ref e);
            writer.Append(in e, s);
        }

        writer.Flush(toDisk: false);
        segments = JournalDirectory.ListSegments(_temp.Path);
        Assert.True(segments.Count >= 5, $"{segments.Count} segments");
        Assert.Equal(segments[^1].Ordinal, writer.ActiveSegmentOrdinal);
        return writer;
    }

    private static long FirstSequence(SegmentRef segment)
    {
        using SegmentFile file = SegmentFile.Open(segment.Path, segment.Ordinal);
        return file.Header.FirstSequence;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
