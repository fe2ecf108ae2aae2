using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// The writer's cold paths: refused sequences, unresolved depth slabs and failed writes are counted and logged (a
/// repeating error at powers of two), and what recovery repaired is logged at open.
/// </summary>
public sealed partial class JournalWriter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnRejected(long sequence, long last)
    {
        long count = Statistics.Rejected();
        if ((count & (count - 1)) == 0)
        {
            _logger.LogError("Journal refused sequence {Sequence}: not above the last journaled sequence {Last} ({Count} refused so far)", sequence, last, count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnUnresolvedSlab(long sequence, int slab)
    {
        long count = Statistics.UnresolvedSlab();
        if ((count & (count - 1)) == 0)
        {
            _logger.LogError("Journal could not read depth slab {Slab} of sequence {Sequence} (no or too small slab pool); journaled without levels ({Count} so far)", slab, sequence, count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnWriteFailed(Exception e, long firstSequence, int events)
    {
        Statistics.WriteFailed(events);
        _logger.LogError(e, "Journal block write failed: sequences {First}..{Last} lost from the journal", firstSequence, firstSequence + events - 1);
        if (_segment is not null)
        {
            try
            {
                // Leave no partial block behind, so the next block starts at a clean boundary.
                RandomAccess.SetLength(_segment, _segmentLength);
            }
            catch (IOException)
            {
            }
        }
    }

    private void LogRecovery()
    {
        JournalRecoveryReport report = Recovery;
        if (report.TruncatedFile is not null)
        {
            _logger.LogWarning("Journal recovery cut {Bytes} bytes of torn tail from {File} at offset {Offset}", report.TruncatedBytes, report.TruncatedFile, report.TruncatedAt);
        }

        if (report.EmptySegmentsRemoved > 0)
        {
            _logger.LogWarning("Journal recovery removed {Count} trailing segment(s) with no complete block", report.EmptySegmentsRemoved);
        }

        foreach (Reading.JournalIssue issue in report.Issues)
        {
            _logger.LogError("Journal recovery: {Issue}", issue.ToString());
        }

        _logger.LogInformation("Journal {Directory} opened; last sequence {Sequence}", _directory, report.LastSequence);
    }
}
