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
/// Streams both sides (the journal once, each connection's sent events from the simulator's capture file), so memory
/// does not grow with the run.
/// </summary>
internal static class SentEventCheck
{
    /// <summary>Compares the journal in <paramref name="journalDirectory"/> with the connections of each feed (session id = position + 1).</summary>
    public static SentComparison Compare(string journalDirectory, IReadOnlyList<(string Path, ushort SessionId)> feeds, IReadOnlyList<SimulatorConnection> connections)
    {
        var problems = new List<string>();
        var states = new Dictionary<ushort, FeedRuns>();
        foreach ((string path, ushort session) in feeds)
        {
            states[session] = new FeedRuns(path, [.. connections.Where(c => c.Path == path).OrderBy(c => c.Id)], problems);
        }

        try
        {
            using (var cursor = JournalReader.Open(journalDirectory).Read())
            {
                foreach (ref readonly MarketEvent e in cursor)
                {
                    if (!states.TryGetValue(e.Header.SessionId, out FeedRuns? feed))
                    {
                        continue;
                    }

                    if (e.Header.Kind == EventKind.Control && e.Control.Code == ControlCode.Connected)
                    {
                        feed.EndRun();
                    }
                    else if (IsMarket(e))
                    {
                        feed.Add(Normalize(e));
                    }
                }
            }

            long journaled = 0, sent = 0, matched = 0, mismatched = 0;
            foreach (FeedRuns feed in states.Values)
            {
                feed.EndRun();
                journaled += feed.Journaled;
                matched += feed.Matched;
                mismatched += feed.Mismatched;
                sent += feed.CountSent();
            }

            return new SentComparison(sent, journaled, matched, mismatched, problems);
        }
        finally
        {
            foreach (FeedRuns feed in states.Values)
            {
                feed.EndRun();
            }
        }
    }

    private static bool IsMarket(in MarketEvent e) => e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth;

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

    /// <summary>The normalized market events a connection sent, streamed.</summary>
    private static IEnumerable<MarketEvent> SentMarket(SimulatorConnection connection)
    {
        foreach (MarketEvent e in connection.ReadSentEvents())
        {
            if (IsMarket(e))
            {
                yield return Normalize(e);
            }
        }
    }

    /// <summary>One feed's journaled runs, each compared as it is read with the sent events of the connection it came from.</summary>
    private sealed class FeedRuns
    {
        private readonly string _path;
        private readonly SimulatorConnection[] _connections;
        private readonly List<string> _problems;
        private int _next;
        private long _runLength;
        private bool _runUnmatched;
        private SimulatorConnection? _connection;
        private IEnumerator<MarketEvent>? _sent;

        public FeedRuns(string path, SimulatorConnection[] connections, List<string> problems)
        {
            _path = path;
            _connections = connections;
            _problems = problems;
        }

        public long Journaled { get; private set; }

        public long Matched { get; private set; }

        public long Mismatched { get; private set; }

        /// <summary>The next journaled market event (normalized) of the current run.</summary>
        public void Add(in MarketEvent e)
        {
            Journaled++;
            if (_runLength++ == 0)
            {
                Begin(in e);
            }

            if (_runUnmatched)
            {
                Mismatched++;
                return;
            }

            if (!_sent!.MoveNext())
            {
                // More journaled than sent would be a duplicate or an invention.
                Mismatched++;
                return;
            }

            if (Same(_sent.Current, in e))
            {
                Matched++;
                return;
            }

            Mismatched++;
            if (_problems.Count < 5)
            {
                _problems.Add($"{_path} connection {_connection!.Id} event {_runLength - 1}: journal {e.Header.Kind} {e.Header.Instrument} differs from sent {_sent.Current.Header.Kind} {_sent.Current.Header.Instrument}");
            }
        }

        /// <summary>Ends the current run (a <c>Connected</c> event starts the next, or the journal ended).</summary>
        public void EndRun()
        {
            if (_runUnmatched)
            {
                _problems.Add($"{_path}: a run of {_runLength} journaled events matches no simulator connection");
            }

            _sent?.Dispose();
            _sent = null;
            _connection = null;
            _runUnmatched = false;
            _runLength = 0;
        }

        /// <summary>Market events every connection of this feed sent.</summary>
        public long CountSent()
        {
            long sent = 0;
            foreach (SimulatorConnection connection in _connections)
            {
                foreach (MarketEvent e in connection.ReadSentEvents())
                {
                    if (IsMarket(e))
                    {
                        sent++;
                    }
                }
            }

            return sent;
        }

        /// <summary>Finds the next connection whose first sent market event is the run's first one.</summary>
        private void Begin(in MarketEvent first)
        {
            for (int c = _next; c < _connections.Length; c++)
            {
                using IEnumerator<MarketEvent> candidate = SentMarket(_connections[c]).GetEnumerator();
                if (candidate.MoveNext() && Same(candidate.Current, in first))
                {
                    _next = c + 1;
                    _connection = _connections[c];
                    _sent = SentMarket(_connections[c]).GetEnumerator();
                    return;
                }
            }

            _runUnmatched = true;
        }
    }
}

/// <summary>Journal == sent: market events sent, journaled, journaled and equal to what was sent, and journaled but not sent as such.</summary>
internal sealed record SentComparison(long Sent, long Journaled, long Matched, long Mismatched, IReadOnlyList<string> Problems)
{
    /// <summary>Sent but never journaled: in flight at a kill or the final stop.</summary>
    public long InFlight => Sent - Matched;
}
