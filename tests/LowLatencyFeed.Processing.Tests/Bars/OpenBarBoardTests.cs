using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests.Bars;

public sealed class OpenBarBoardTests
{
    [Fact]
    public void Open_and_last_closed_bars_are_published_at_batch_end_with_hand_computed_values()
    {
        var aggregator = BarTestKit.Create(out _, new BarTimeframe(TimeSpan.FromMinutes(1)));
        var board = new OpenBarBoard([TimeSpan.FromMinutes(1)]);
        aggregator.AttachOpenBars(board);

        // Minute 0: 100.00 x3, 101.50 x2, 99.75 x5; minute 1 opens at 102.00 x1 (closing minute 0).
        BarTestKit.Feed(
            aggregator,
            Trade(BtcUsdt, July3Utc + (1 * Second), 10000, 3),
            Trade(BtcUsdt, July3Utc + (20 * Second), 10150, 2),
            Trade(BtcUsdt, July3Utc + (40 * Second), 9975, 5));
        Assert.False(board.TryRead(EthUsdt, 0, out _, out _, out _));
        Assert.True(board.TryRead(BtcUsdt, 0, out BarSnapshot open, out _, out _));
        Assert.False(open.Present); // nothing published before the batch ends

        aggregator.PublishOpenBars();
        Assert.True(board.TryRead(BtcUsdt, 0, out open, out BarSnapshot closed, out InstrumentScales scales));
        Assert.Equal(2, scales.PriceDecimals);
        Assert.True(open.Present);
        Assert.False(closed.Present);
        Assert.Equal(July3Utc, open.StartTimeNs);
        Assert.Equal(July3Utc + Minute, open.EndTimeNs);
        Assert.Equal((10000, 10150, 9975, 9975), (open.Open, open.High, open.Low, open.Close));
        Assert.Equal(10, open.Volume);
        Assert.Equal(3, open.TradeCount);
        Assert.Equal((Int128)((10000 * 3) + (10150 * 2) + (9975 * 5)), open.Turnover); // 100175
        Assert.Equal(10018, open.Vwap); // 100175 / 10 = 10017.5, half away from zero

        BarTestKit.Feed(aggregator, Trade(BtcUsdt, July3Utc + Minute + Second, 10200, 1));
        aggregator.PublishOpenBars();
        Assert.True(board.TryRead(BtcUsdt, 0, out open, out closed, out _));
        Assert.Equal(July3Utc + Minute, open.StartTimeNs);
        Assert.Equal((10200, 1L), (open.Close, open.Volume));
        Assert.True(closed.Present);
        Assert.Equal((July3Utc, 9975L, 10L), (closed.StartTimeNs, closed.Close, closed.Volume));
    }

    [Fact]
    public void A_clock_close_clears_the_open_bar()
    {
        var aggregator = BarTestKit.Create(out _, new BarTimeframe(TimeSpan.FromMinutes(1)));
        var board = new OpenBarBoard([TimeSpan.FromMinutes(1)]);
        aggregator.AttachOpenBars(board);
        BarTestKit.Feed(aggregator, Trade(BtcUsdt, July3Utc + Second, 10000, 1), Clock(July3Utc + Minute + Second));
        aggregator.PublishOpenBars();
        Assert.True(board.TryRead(BtcUsdt, 0, out BarSnapshot open, out BarSnapshot closed, out _));
        Assert.False(open.Present);
        Assert.True(closed.Present);
        Assert.Equal(10000, closed.Close);
    }

    [Fact]
    public void Publishing_allocates_nothing_in_steady_state()
    {
        var aggregator = new BarAggregator(new BarOptions { ClockCloseDelay = TimeSpan.Zero }, new DerivedEventBuffer(1 << 16));
        var board = new OpenBarBoard([.. aggregator.Options.Timeframes.Select(t => t.Span)]);
        aggregator.AttachOpenBars(board);
        Run(aggregator, 0, 5_000); // warm up: first-seen instrument, JIT

        // The runtime may allocate on this thread while tiered compilation settles (starting its background worker),
        // so steady state is a round of 20 000 events that allocates nothing; one such round in ten must occur.
        var rounds = new List<long>();
        for (int round = 1; round <= 10; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(aggregator, round * 20_000, (round + 1) * 20_000);
            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (rounds[^1] == 0)
            {
                break;
            }

            Thread.Sleep(200);
        }

        Assert.Equal(0, rounds[^1]);
    }

    private static void Run(BarAggregator aggregator, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            MarketEvent e = Trade(BtcUsdt, July3Utc + (i * 1000L), 10000 + (i % 7), 1);
            aggregator.OnEvent(in e);
            if (i % 10 == 0)
            {
                aggregator.PublishOpenBars();
            }
        }
    }

    [Fact]
    public void A_reader_never_sees_a_torn_bar_while_the_bar_thread_writes()
    {
        var aggregator = BarTestKit.Create(out var sink, new BarTimeframe(TimeSpan.FromDays(1)));
        var board = new OpenBarBoard([TimeSpan.FromDays(1)]);
        aggregator.AttachOpenBars(board);
        const int writes = 200_000;
        using var done = new ManualResetEventSlim();
        long checkedReads = 0;
        long tornReads = 0;
        var reader = new Thread(() =>
        {
            while (!done.IsSet)
            {
                if (board.TryRead(BtcUsdt, 0, out BarSnapshot open, out _, out _) && open.Present)
                {
                    // Every trade has price = 10000 + n and quantity 1, so a consistent bar has close - open = volume - 1.
                    if (open.Close - open.Open != open.Volume - 1 || open.Volume != open.TradeCount)
                    {
                        tornReads++;
                    }

                    checkedReads++;
                }
            }
        });
        reader.Start();
        for (int n = 0; n < writes; n++)
        {
            MarketEvent e = Trade(BtcUsdt, July3Utc + n, 10000 + n, 1);
            aggregator.OnEvent(in e);
            aggregator.PublishOpenBars();
            sink.Clear();
        }

        done.Set();
        reader.Join();
        Assert.True(board.TryRead(BtcUsdt, 0, out BarSnapshot last, out _, out _));
        Assert.Equal(writes, last.Volume);
        Assert.True(checkedReads > 0);
        Assert.Equal(0, tornReads);
    }
}
