using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.CatchUp;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Brings fresh live processing engines (bars, books, signals) to the state they would have had if the previous run
/// had never stopped, by replaying the journal's tail through them before the ring starts. Without it, a restart
/// (above all after SIGKILL) loses every bar open at the stop (the full-journal replay closes them at the first clock
/// event of the new run; fresh engines never do) and builds the new run's first bars and book metrics from a state
/// that differs from the replay's, so the database's derived rows would not equal the journal's. The window is the
/// <see cref="ProcessingReplayWindow"/> of the last journaled event (00:00 UTC of the day before it), which holds every
/// bar up to a day long that can still be open, and the book snapshots it needs. Its first sequence goes to the
/// storage stage: a derived catch-up inside this run replays from there, through the same events.
/// </summary>
internal static class ProcessingWarmUp
{
    /// <summary>
    /// Replays journal sequences up to <paramref name="lastSequence"/> through <paramref name="engines"/>; returns the
    /// events replayed. <paramref name="firstSequence"/> is the first sequence replayed (<paramref name="lastSequence"/> + 1 when none).
    /// </summary>
    public static long Run(string journalDirectory, long lastSequence, DepthSlabPool depthSlabs, IReadOnlyList<IEventHandler<MarketEvent>> engines, out long firstSequence)
    {
        firstSequence = lastSequence + 1;
        if (lastSequence < 0 || !Directory.Exists(journalDirectory))
        {
            return 0;
        }

        long start = ProcessingReplayWindow.StartSequence(new JournalSource(journalDirectory, () => lastSequence), lastSequence);
        long replayed = Replay(journalDirectory, new JournalQuery { FromSequence = start, ToSequence = lastSequence }, depthSlabs, engines);
        if (replayed > 0)
        {
            firstSequence = start;
        }

        return replayed;
    }

    /// <summary>
    /// Replays the whole journal up to <paramref name="lastSequence"/> through <paramref name="engines"/>: for state that
    /// depends on every earlier bar (indicators; see <see cref="IndicatorWarmUp"/>). Returns the events replayed.
    /// </summary>
    public static long RunFullHistory(string journalDirectory, long lastSequence, DepthSlabPool? depthSlabs, IReadOnlyList<IEventHandler<MarketEvent>> engines) =>
        lastSequence < 0 || !Directory.Exists(journalDirectory)
            ? 0
            : Replay(journalDirectory, new JournalQuery { ToSequence = lastSequence }, depthSlabs, engines);

    private static long Replay(string journalDirectory, JournalQuery query, DepthSlabPool? depthSlabs, IReadOnlyList<IEventHandler<MarketEvent>> engines)
    {
        long events = 0;
        using JournalCursor cursor = JournalReader.Open(journalDirectory, new JournalReaderOptions { DepthSlabs = depthSlabs }).Read(query);
        while (cursor.MoveNext())
        {
            long sequence = cursor.Current.Header.Sequence;
            foreach (IEventHandler<MarketEvent> engine in engines)
            {
                MarketEvent copy = cursor.Current;
                engine.OnEvent(ref copy, sequence, endOfBatch: false);
            }

            events++;
        }

        return events;
    }
}
