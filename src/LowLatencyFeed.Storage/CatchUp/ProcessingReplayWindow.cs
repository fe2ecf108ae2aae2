using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>
/// Where fresh processing engines (bars, books, signals) start reading the journal so that, when they reach a given
/// sequence, they hold the state a replay of the whole journal would: 00:00 UTC of the day before that event. Every bar
/// up to one day long (any session time zone) that is open there started inside the window, and books are rebuilt
/// from its snapshots. The host's warm-up of its live engines and the storage catch-up of derived rows both start
/// here, so a catch-up inside a run replays exactly what the live engines were warmed up with.
/// </summary>
public static class ProcessingReplayWindow
{
    private const long NanosPerDay = 86_400_000_000_000;

    /// <summary>The first journal sequence to replay for the engines' state at <paramref name="sequence"/> (at most <paramref name="sequence"/>).</summary>
    /// <param name="journal">The journal.</param>
    /// <param name="sequence">The first sequence whose derived rows are wanted (or the last one replayed by a warm-up).</param>
    public static long StartSequence(JournalSource journal, long sequence)
    {
        ArgumentNullException.ThrowIfNull(journal);
        long eventTime;
        using (JournalCursor first = journal.Open(sequence, long.MaxValue))
        {
            if (!first.MoveNext())
            {
                return sequence;
            }

            eventTime = JournalFormat.EventTime(in first.Current.Header);
        }

        long dayStart = (long)Math.Floor(eventTime / (double)NanosPerDay) * NanosPerDay;
        long windowStart = dayStart - NanosPerDay;
        using JournalCursor window = journal.OpenFromTime(windowStart);
        return window.MoveNext() ? Math.Min(window.Current.Header.Sequence, sequence) : sequence;
    }
}
