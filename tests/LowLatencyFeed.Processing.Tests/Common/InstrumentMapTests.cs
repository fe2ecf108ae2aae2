using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Common;

namespace LowLatencyFeed.Processing.Tests.Common;

public sealed class InstrumentMapTests
{
    [Fact]
    public void Indexes_follow_first_seen_order_across_growth()
    {
        var map = new InstrumentMap(2);
        var ids = new List<long>();
        for (int i = 0; i < 5000; i++)
        {
            long id = InstrumentId.From((FeedKind)(1 + (i % 4)), (i * 7919L) + 1).Value;
            ids.Add(id);
            Assert.Equal(-1, map.IndexOf(id));
            Assert.Equal(i, map.Add(id));
        }

        for (int i = 0; i < ids.Count; i++)
        {
            Assert.Equal(i, map.IndexOf(ids[i]));
        }

        Assert.Equal(5000, map.Count);
        Assert.Equal(-1, map.IndexOf(0));
    }

    [Fact]
    public void Rounds_vwap_style_ratios_half_away_from_zero()
    {
        Assert.Equal(3, FixedPointMath.DivideRounded(5, 2));
        Assert.Equal(-3, FixedPointMath.DivideRounded(-5, 2));
        Assert.Equal(2, FixedPointMath.DivideRounded(7, 3));
        Assert.Equal(0, FixedPointMath.DivideRounded(7, 0));
    }
}
