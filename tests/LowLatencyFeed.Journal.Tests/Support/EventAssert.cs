using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Journal.Tests.Support;

/// <summary>Compares a read event with the one that was written, byte for byte (slab levels by value).</summary>
public static class EventAssert
{
    public static void Same(ref readonly MarketEvent expected, DepthSlabPool? expectedSlabs, JournalCursor cursor)
    {
        ref readonly MarketEvent actual = ref cursor.Current;
        if (expected.Header.Kind == EventKind.Depth && expected.Depth.SlabIndex >= 0)
        {
            Assert.True(actual.Depth.SlabIndex >= 0, $"sequence {expected.Header.Sequence}: slab expected");
            Assert.Equal(expected.Depth.BidCount, actual.Depth.BidCount);
            Assert.Equal(expected.Depth.AskCount, actual.Depth.AskCount);
            Assert.True(expectedSlabs!.Bids(in expected.Depth).SequenceEqual(cursor.CurrentBids), $"sequence {expected.Header.Sequence}: bids differ");
            Assert.True(expectedSlabs.Asks(in expected.Depth).SequenceEqual(cursor.CurrentAsks), $"sequence {expected.Header.Sequence}: asks differ");
            Assert.Equal(expectedSlabs.Metadata(expected.Depth.SlabIndex), cursor.DepthSlabs!.Metadata(actual.Depth.SlabIndex));
            MarketEvent a = expected;
            MarketEvent b = actual;
            a.Depth.SlabIndex = 0;
            b.Depth.SlabIndex = 0;
            AssertBytes(in a, in b);
            return;
        }

        AssertBytes(in expected, in actual);
    }

    public static void AssertBytes(ref readonly MarketEvent expected, ref readonly MarketEvent actual)
    {
        ReadOnlySpan<byte> e = MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in expected));
        ReadOnlySpan<byte> a = MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in actual));
        if (!e.SequenceEqual(a))
        {
            int at = e.CommonPrefixLength(a);
            Assert.Fail($"sequence {expected.Header.Sequence} (kind {expected.Header.Kind}): byte {at} differs: expected {e[at]}, read {a[at]}");
        }
    }
}
