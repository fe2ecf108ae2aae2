using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Host.Soak;

/// <summary>
/// Journal == what the simulator sent, per feed. A feed's journaled market events, cut at each <c>Connected</c> event
/// into one run per connection, must each be a prefix of a simulator connection's sent events (the connections of that
/// endpoint in order; one whose events never reached the journal is skipped), compared field by field except receive
/// time, sequence, session id, the AfterGap flag and a receive-time exchange time. What a connection sent beyond its
/// journaled prefix was in flight when the host was killed or stopped (on the wire or in the unflushed journal block).
/// </summary>
internal static class SentEventCheck
{
    /// <summary>Compares the journal in <paramref name="journalDirectory"/> with the connections of each feed (session id = position + 1).</summary>
    public static SentComparison Compare(string journalDirectory, IReadOnlyList<(string Path, ushort SessionId)> feeds, IReadOnlyList<SimulatorConnection> connections)
    {
        var runs = new Dictionary<ushort, List<List<MarketEvent>>>();
        foreach ((_, ushort session) in feeds)
        {
            runs[session] = [];
        }

        using (var cursor = JournalReader.Open(journalDirectory).Read())
        {
            foreach (ref readonly MarketEvent e in cursor)
            {
                if (!runs.TryGetValue(e.Header.SessionId, out List<List<MarketEvent>>? feedRuns))
                {
                    continue;
                }

                if (e.Header.Kind == EventKind.Control && e.Control.Code == ControlCode.Connected)
                {
                    feedRuns.Add([]);
                }
                else if (e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth)
                {
                    if (feedRuns.Count == 0)
                    {
                        feedRuns.Add([]);
                    }

                    feedRuns[^1].Add(Normalize(e));
                }
            }
        }

        long journaled = 0;
        long sent = 0;
        long matched = 0;
        long mismatched = 0;
        var problems = new List<string>();
        foreach ((string path, ushort session) in feeds)
        {
            SimulatorConnection[] ofFeed = [.. connections.Where(c => c.Path == path).OrderBy(c => c.Id)];
            int next = 0;
            foreach (List<MarketEvent> run in runs[session])
            {
                journaled += run.Count;
                if (run.Count == 0)
                {
                    continue;
                }

                // The next connection whose first sent event is this run's first one.
                int found = -1;
                for (int c = next; c < ofFeed.Length && found < 0; c++)
                {
                    MarketEvent[] first = ofFeed[c].GetSentEvents();
                    int firstMarket = Array.FindIndex(first, IsMarket);
                    if (firstMarket >= 0 && Same(Normalize(first[firstMarket]), run[0]))
                    {
                        found = c;
                    }
                }

                if (found < 0)
                {
                    mismatched += run.Count;
                    problems.Add($"{path}: a run of {run.Count} journaled events matches no simulator connection");
                    continue;
                }

                next = found + 1;
                MarketEvent[] expected = [.. ofFeed[found].GetSentEvents().Where(IsMarket).Select(e => Normalize(e))];
                int compare = Math.Min(expected.Length, run.Count);
                for (int i = 0; i < compare; i++)
                {
                    if (Same(expected[i], run[i]))
                    {
                        matched++;
                    }
                    else
                    {
                        mismatched++;
                        if (problems.Count < 5)
                        {
                            problems.Add($"{path} connection {ofFeed[found].Id} event {i}: journal {run[i].Header.Kind} {run[i].Header.Instrument} differs from sent {expected[i].Header.Kind} {expected[i].Header.Instrument}");
                        }
                    }
                }

                // More journaled than sent would be a duplicate or an invention.
                mismatched += Math.Max(0, run.Count - expected.Length);
            }

            foreach (SimulatorConnection connection in ofFeed)
            {
                sent += connection.GetSentEvents().Count(IsMarket);
            }
        }

        return new SentComparison(sent, journaled, matched, mismatched, problems);
    }

    private static bool IsMarket(MarketEvent e) => e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth;

    private static MarketEvent Normalize(in MarketEvent e)
    {
        MarketEvent copy = e;
        copy.Header.Sequence = 0;
        copy.Header.ReceiveTimeNs = 0;
        copy.Header.SessionId = 0;
        copy.Header.Flags &= ~EventFlags.AfterGap;
        if ((copy.Header.Flags & EventFlags.ExchangeTimeFromReceive) != 0)
        {
            copy.Header.ExchangeTimeNs = 0;
        }

        return copy;
    }

    private static bool Same(in MarketEvent a, in MarketEvent b) =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in a)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in b)));
}

/// <summary>Journal == sent: market events sent, journaled, journaled and equal to what was sent, and journaled but not sent as such.</summary>
internal sealed record SentComparison(long Sent, long Journaled, long Matched, long Mismatched, IReadOnlyList<string> Problems)
{
    /// <summary>Sent but never journaled: in flight at a kill or the final stop.</summary>
    public long InFlight => Sent - Matched;
}
