using System.Globalization;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Tools;

/// <summary>Totals over block headers, for <see cref="JournalTools.Inspect"/>.</summary>
internal sealed class SegmentSummary
{
    public long Blocks { get; private set; }

    public long Events { get; private set; }

    public long FirstSequence { get; private set; } = long.MaxValue;

    public long LastSequence { get; private set; } = long.MinValue;

    public long MinEventTime { get; private set; } = long.MaxValue;

    public long MaxEventTime { get; private set; } = long.MinValue;

    public long RawBytes { get; private set; }

    public long StoredBytes { get; private set; }

    public void Add(ref readonly BlockHeader block)
    {
        Blocks++;
        Events += block.Count;
        FirstSequence = Math.Min(FirstSequence, block.FirstSequence);
        LastSequence = Math.Max(LastSequence, block.LastSequence);
        MinEventTime = Math.Min(MinEventTime, block.MinEventTimeNs);
        MaxEventTime = Math.Max(MaxEventTime, block.MaxEventTimeNs);
        RawBytes += block.RawLength;
        StoredBytes += block.TotalLength;
    }

    public void Merge(SegmentSummary other)
    {
        Blocks += other.Blocks;
        Events += other.Events;
        FirstSequence = Math.Min(FirstSequence, other.FirstSequence);
        LastSequence = Math.Max(LastSequence, other.LastSequence);
        MinEventTime = Math.Min(MinEventTime, other.MinEventTime);
        MaxEventTime = Math.Max(MaxEventTime, other.MaxEventTime);
        RawBytes += other.RawBytes;
        StoredBytes += other.StoredBytes;
    }

    public string Format()
    {
        string ratio = StoredBytes == 0 ? "-" : ((double)RawBytes / StoredBytes).ToString("0.00", CultureInfo.InvariantCulture);
        string first = Blocks == 0 ? "-" : FirstSequence.ToString(CultureInfo.InvariantCulture);
        string last = Blocks == 0 ? "-" : LastSequence.ToString(CultureInfo.InvariantCulture);
        string times = Blocks == 0 ? "-" : JournalTools.FormatTime(MinEventTime) + " .. " + JournalTools.FormatTime(MaxEventTime);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Blocks,-8} {Events,-12} {first,-12} {last,-12} {times,-62} {RawBytes,-12} {StoredBytes,-12} {ratio}");
    }
}
