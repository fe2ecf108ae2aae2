using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>Recovery's report plus where the writer should append.</summary>
/// <param name="Report">What was found and repaired.</param>
/// <param name="AppendTo">The last segment, when it holds valid blocks; null when a new segment must be created.</param>
/// <param name="AppendOffset">End of the last valid block in <paramref name="AppendTo"/>.</param>
/// <param name="IndexEntries">Entries in the rewritten index of <paramref name="AppendTo"/>.</param>
/// <param name="RecordEncoding">The record encoding of <paramref name="AppendTo"/>: the writer appends only to a segment of the encoding it writes.</param>
internal readonly record struct JournalRecoveryResult(JournalRecoveryReport Report, SegmentRef? AppendTo, long AppendOffset, int IndexEntries, ushort RecordEncoding);
