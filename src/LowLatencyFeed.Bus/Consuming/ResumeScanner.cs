using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Bus.Consuming;

/// <summary>Where a restarted consumer host stands with a source: the last batch it journaled and how many of its kept events.</summary>
/// <param name="BatchStreamSequence">Stream sequence of that batch's first message.</param>
/// <param name="Journaled">Its kept events already in the journal (skip that many when it is read again).</param>
public readonly record struct ResumePoint(ulong BatchStreamSequence, long Journaled);

/// <summary>
/// Reads the consumer's own journal tail for <see cref="ControlCode.BusBatch"/> markers: each marker precedes the
/// events it announces contiguously, so the last marker of a source and the number of journal events after it say
/// exactly how much of that batch survived a crash.
/// </summary>
public static class ResumeScanner
{
    /// <summary>The resume point of each source id (from <see cref="Format.BusSubjects.SourceId"/>) found in the last <paramref name="window"/> events.</summary>
    public static Dictionary<long, ResumePoint> Scan(string journalDirectory, long journalLast, long window)
    {
        var markers = new Dictionary<long, (long Sequence, ControlPayload Control)>();
        var result = new Dictionary<long, ResumePoint>();
        if (journalLast < 0 || !Directory.Exists(journalDirectory))
        {
            return result;
        }

        long last = -1;
        using (JournalCursor cursor = JournalReader.Open(journalDirectory).Read(new JournalQuery { FromSequence = Math.Max(0, journalLast - window) }))
        {
            while (cursor.MoveNext())
            {
                ref readonly MarketEvent e = ref cursor.Current;
                last = e.Header.Sequence;
                if (e.Header.Kind == EventKind.Control && e.Control.Code == ControlCode.BusBatch)
                {
                    markers[e.Header.Instrument.Value] = (last, e.Control);
                }
            }
        }

        foreach (var (source, (sequence, control)) in markers)
        {
            long offset = control.Argument1 >>> 32;
            long journaled = offset + Math.Min(control.Reason, last - sequence);
            result[source] = new ResumePoint((ulong)control.Argument0, journaled);
        }

        return result;
    }
}
