using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Core.Tests.Events;

/// <summary>The slot layout the ring, the journal and the database stager rely on.</summary>
public sealed class MarketEventLayoutTests
{
    [Fact]
    public void Market_event_slot_is_exactly_256_bytes() => Assert.Equal(256, Unsafe.SizeOf<MarketEvent>());

    [Fact]
    public void Depth_level_is_packed_to_20_bytes_so_ten_levels_fit_inline() => Assert.Equal(20, Unsafe.SizeOf<DepthLevel>());
}
