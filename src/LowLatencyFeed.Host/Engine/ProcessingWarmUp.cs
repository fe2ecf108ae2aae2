using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Brings fresh live processing engines (bars, books, signals) to the state they would have had if the previous run
/// had never stopped, by replaying the journal's tail through them before the ring starts. Without it, a restart
/// (above all after SIGKILL) loses every bar open at the stop (the full-journal replay closes them at the first clock
/// event of the new run; fresh engines never do) and builds the new run's first bars and book metrics from a state
/// that differs from the replay's, so the database's derived rows would not equal the journal's. The window is the one
/// the storage catch-up uses for an earlier run's range: from 00:00 UTC of the day before the last journaled event,
/// which holds every bar up to a day long that can still be open, and the book snapshots it needs.
/// </summary>
internal static class ProcessingWarmUp
{
    private const long NanosPerDay = 86_400_000_000_000;

    /// <summary>Replays journal sequences up to <paramref name="lastSequence"/> through <paramref name="engines"/>; returns the events replayed.</summary>
    public static long Run(string journalDirectory, long lastSequence, DepthSlabPool depthSlabs, IReadOnlyList<IEventHandler<MarketEvent>> engines)
    {
        if (lastSequence < 0 || !Directory.Exists(journalDirectory))
        {
            return 0;
        }

        long lastTime;
        using (JournalCursor last = JournalReader.Open(journalDirectory).ReadFromSequence(lastSequence))
        {
            if (!last.MoveNext())
            {
                return 0;
            }

            lastTime = last.Current.Header.ExchangeTimeNs != 0 ? last.Current.Header.ExchangeTimeNs : last.Current.Header.ReceiveTimeNs;
        }

        long windowStart = ((long)Math.Floor(lastTime / (double)NanosPerDay) * NanosPerDay) - NanosPerDay;
        return Replay(journalDirectory, new JournalQuery { FromTimeNs = windowStart, ToSequence = lastSequence }, depthSlabs, engines);
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
