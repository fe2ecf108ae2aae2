using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Research.Features;
using LowLatencyFeed.Research.Tests.Support;

namespace LowLatencyFeed.Research.Tests.Features;

/// <summary>Feature values on hand-worked events (Binance: UTC session, so session time is minutes since 00:00 UTC).</summary>
public sealed class FeatureEngineTests
{
    private static readonly InstrumentId s_instrument = InstrumentId.From(FeedKind.Binance, 1);
    private static readonly FeatureOptions s_options = new() { ReturnHorizons = [1, 2], VolatilityWindow = 2, FlowWindow = 2 };

    [Fact]
    public void Returns_volatility_flow_book_and_session_time_match_the_hand_computed_values()
    {
        var rows = new CollectingFeatureSink();
        var pipeline = new FeaturePipeline(s_options, rows);
        long day = HandJournal.Utc(2025, 3, 3, 0, 0, 0);
        pipeline.OnEvent(Events.Trade(s_instrument, day, 10000, 1));                 // first trade: no tick-rule side yet
        pipeline.OnEvent(Events.Trade(s_instrument, day + Seconds(30), 10100, 2));   // up-tick: buy 2
        pipeline.OnEvent(Events.Depth(s_instrument, day + Seconds(40), [new(10090, 3, 1)], [new(10110, 1, 1)]));
        pipeline.OnEvent(Events.Trade(s_instrument, day + Seconds(70), 10050, 4));   // closes bar 0 (C 101.00); down-tick: sell 4
        pipeline.OnEvent(Events.Trade(s_instrument, day + Seconds(125), 10200, 1));  // closes bar 1 (C 100.50); up-tick: buy 1
        pipeline.OnEvent(Events.Trade(s_instrument, day + Seconds(180), 10200, 5));  // closes bar 2 (C 102.00)

        Assert.Equal(3, rows.Rows.Count);
        var names = pipeline.Names;
        double Value(int row, string name) => rows.Rows[row].Features[IndexOf(names, name)];

        Assert.True(double.IsNaN(Value(0, "ret_1")));
        Assert.Equal(1.0, Value(0, "tfi_1"));
        Assert.True(double.IsNaN(Value(0, "tfi_2"))); // the window needs two bars
        // Book: bid 100.90 × 3, ask 101.10 × 1: level-1 imbalance (3 − 1) / 4; spread 0.20 / mid 101.00;
        // microprice (100.90·1 + 101.10·3) / 4 = 101.05, 0.05 above the mid.
        Assert.Equal(0.5, Value(0, "imbalance_1"));
        Assert.Equal(0.5, Value(0, "imbalance_first_mean"));
        Assert.Equal(0.20 / 101.00 * 10_000, Value(0, "spread_bps"), 9);
        Assert.Equal(0.05 / 101.00 * 10_000, Value(0, "microprice_mid_bps"), 9);
        Assert.Equal(0.0, Value(0, "session_time"));
        Assert.True(double.IsNaN(Value(0, "relative_volume"))); // no earlier session for this slot
        Assert.False(rows.Rows[0].Row.Complete);

        Assert.Equal(Math.Log(100.50) - Math.Log(101.00), Value(1, "ret_1"));
        Assert.Equal(-1.0, Value(1, "tfi_1"));
        Assert.Equal((2.0 - 4.0) / 6.0, Value(1, "tfi_2"), 15);
        Assert.True(double.IsNaN(Value(1, "imbalance_first_mean"))); // no book sample in bar 1

        // ret_h = ln C(t) − ln C(t−h), computed as that difference of logarithms.
        double r1 = Math.Log(100.50) - Math.Log(101.00);
        double r2 = Math.Log(102.00) - Math.Log(100.50);
        Assert.Equal(r2, Value(2, "ret_1"));
        Assert.Equal(Math.Log(102.00) - Math.Log(101.00), Value(2, "ret_2"));
        Assert.Equal(Math.Sqrt(((r2 * r2) + (r1 * r1)) / 2), Value(2, "rv_2"));
        Assert.Equal((1.0 - 4.0) / 5.0, Value(2, "tfi_2"), 15);
        Assert.Equal(120.0 / 86_400, Value(2, "session_time"), 15);
        Assert.True(rows.Rows[2].Row.Complete);
        Assert.Equal(10200, rows.Rows[2].Row.Close);
    }

    [Fact]
    public void Relative_volume_compares_with_the_same_slot_of_earlier_sessions()
    {
        var rows = new CollectingFeatureSink();
        var pipeline = new FeaturePipeline(s_options, rows);
        for (int dayIndex = 0; dayIndex < 3; dayIndex++)
        {
            long day = HandJournal.Utc(2025, 3, 3 + dayIndex, 0, 0, 0);
            // 00:00 bar volume 10, 20, then 60; closed by a trade at 00:01 of volume 1.
            pipeline.OnEvent(Events.Trade(s_instrument, day, 10000, 10 * (dayIndex == 2 ? 6 : dayIndex + 1)));
            pipeline.OnEvent(Events.Trade(s_instrument, day + Seconds(60), 10000, 1));
        }

        int index = IndexOf(pipeline.Names, "relative_volume");
        var midnightRows = rows.Rows.Where(r => r.Row.BarStartNs % 86_400_000_000_000 == 0).ToList();
        Assert.Equal(3, midnightRows.Count);
        Assert.True(double.IsNaN(midnightRows[0].Features[index]));
        Assert.Equal(20.0 / 10.0, midnightRows[1].Features[index]);
        Assert.Equal(60.0 / 15.0, midnightRows[2].Features[index]); // mean of 10 and 20
    }

    [Fact]
    public void Nothing_is_allocated_per_bar_once_the_instrument_is_known()
    {
        var sink = new CountingFeatureSink();
        var pipeline = new FeaturePipeline(new FeatureOptions(), sink);
        var events = Events.Market(s_instrument, HandJournal.Utc(2025, 3, 3, 0, 0, 0), minutes: 2_400);
        int chunk = events.Length / 6;
        for (int i = 0; i < chunk; i++)
        {
            pipeline.OnEvent(in events[i]); // creates the instrument's state; JIT
        }

        // The fewest bytes over five chunks of 400 bars: a chunk can catch a tiered-JIT recompilation, a bar cannot hide.
        long fewest = long.MaxValue;
        for (int c = 1; c < 6; c++)
        {
            long rowsBefore = sink.Rows;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = c * chunk; i < (c + 1) * chunk; i++)
            {
                pipeline.OnEvent(in events[i]);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(sink.Rows - rowsBefore >= 390, $"only {sink.Rows - rowsBefore} rows in chunk {c}");
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void The_feature_list_follows_the_options()
    {
        var names = new FeatureOptions { ReturnHorizons = [1, 3], VolatilityWindow = 30, FlowWindow = 7, ImbalanceDepths = [1, 0] }.FeatureNames();
        Assert.Equal("ret_1", names[0]);
        Assert.Equal("ret_3", names[1]);
        Assert.Equal("rv_30", names[2]);
        Assert.Contains("rsi_14", names);
        Assert.Contains("imbalance_all", names);
        Assert.Contains("tfi_7", names);
        Assert.DoesNotContain("imbalance_5", names);
        Assert.Equal("session_time", names[^1]);
    }

    private static long Seconds(int seconds) => seconds * 1_000_000_000L;

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException(name);
    }
}
