using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.Storage.Verification;
using static LowLatencyFeed.Storage.Tests.Support.TestEvents;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>
/// Publishes a deterministic mix of events (ticks, trades, quotes, 5-level depth, clocks) and remembers which
/// journal sequences each table must end up holding.
/// </summary>
internal sealed class ExactlyOnceScenario
{
    public List<long> Ticks { get; } = new();

    public List<long> Trades { get; } = new();

    public List<long> Quotes { get; } = new();

    public List<long> Depth { get; } = new();

    public long LastSequence { get; private set; } = -1;

    public void Publish(TestJournal journal, int events, int batchSize, params IEventHandler<MarketEvent>[] consumers)
    {
        for (int i = 0; i < events; i++)
        {
            long n = journal.NextSequence;
            long time = BaseTimeNs + (n * 1_000_000);
            MarketEvent e = (n % 10) switch
            {
                0 or 1 or 2 or 3 => Tick(Reliance, time, 250000 + (n % 97), 1 + (n % 5), n),
                4 or 5 => Trade(BtcUsdt, time, 4321000 + (n % 13), 1000 + n, n, n % 2 == 0),
                6 or 7 => Quote(BtcUsdt, time, 4321000, 5, 4321050, 7),
                8 => Depth(Nifty, time, 2200000 + (n % 7), 5),
                _ => Clock(time),
            };

            long seq = journal.Publish(e, consumers);
            LastSequence = seq;
            switch (e.Header.Kind)
            {
                case EventKind.Tick when (e.Tick.Fields & TickFields.IsTrade) != 0:
                    Trades.Add(seq);
                    break;
                case EventKind.Tick:
                    Ticks.Add(seq);
                    break;
                case EventKind.Quote:
                    Quotes.Add(seq);
                    break;
                case EventKind.Depth:
                    Depth.Add(seq);
                    break;
            }

            if ((i + 1) % batchSize == 0)
            {
                journal.EndBatch(consumers);
            }
        }

        journal.EndBatch(consumers);
    }

    /// <summary>
    /// Asserts that every table holds exactly the journaled events: each expected sequence once, nothing else, and
    /// (through the shared <see cref="DatabaseVerifier"/>) every column of every row equal to the journal's event.
    /// </summary>
    public void AssertStored(string connectionString, string journalDirectory)
    {
        DatabaseComparison comparison = DatabaseVerifier.CompareAsync(connectionString, journalDirectory, derivedEngines: null).GetAwaiter().GetResult();
        Assert.True(comparison.Exact, comparison.ToString());

        Assert.Equal(Ticks, Db.Sequences(connectionString, "ticks"));
        Assert.Equal(Trades, Db.Sequences(connectionString, "trades"));
        Assert.Equal(Quotes, Db.Sequences(connectionString, "quotes"));
        Assert.Equal(Depth.SelectMany(s => Enumerable.Repeat(s, 10)).ToList(), Db.Sequences(connectionString, "depth_levels_200"));
        Assert.Equal(0L, Db.Scalar<long>(connectionString, "SELECT count(*) FROM (SELECT seq, side, level FROM llfeed.depth_levels_200 GROUP BY 1, 2, 3 HAVING count(*) > 1) d"));
    }
}
