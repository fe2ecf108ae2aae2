using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.TestSupport;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>The ring stage: no allocation per event, and with no free batch it drops (and records) instead of waiting.</summary>
public sealed class StagerTests
{
    [Fact]
    public void Encoding_events_into_batches_allocates_nothing()
    {
        var channel = new BusChannel(64, 64 * 1024, 512, DepthSlabPool.DefaultLevelsPerSide);
        var stager = new BusStagerHandler(channel, null, TimeSpan.FromSeconds(10));
        var e = Tick();
        long sequence = 0;
        for (; sequence < 1000; sequence++)
        {
            stager.OnEvent(ref e, sequence, endOfBatch: false);
        }

        // Three windows of 9,500 at most stay inside the channel's 64 batches of 512 events, so nothing is dropped.
        IReadOnlyList<long> windows = AllocationWindows.UntilZero(
            () =>
            {
                for (int i = 0; i < 9_500; i++, sequence++)
                {
                    e.Tick.LastPrice = 100 + (sequence & 63);
                    stager.OnEvent(ref e, sequence, endOfBatch: false);
                }
            },
            maxWindows: 3);

        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
        Assert.True(channel.Pending >= (sequence / 512) - 1, $"{channel.Pending} batches pending after {sequence} events");
        Assert.Equal(0, stager.DroppedEvents);
    }

    [Fact]
    public void Without_a_free_batch_the_stage_drops_and_records_the_range_instead_of_waiting()
    {
        var channel = new BusChannel(2, 64 * 1024, 100, DepthSlabPool.DefaultLevelsPerSide);
        var stager = new BusStagerHandler(channel, null, TimeSpan.FromSeconds(10));
        var e = Tick();
        for (long sequence = 0; sequence < 1000; sequence++)
        {
            stager.OnEvent(ref e, sequence, endOfBatch: false);
        }

        // Two batches of 100 are queued (the pool), the rest is recorded as dropped through the last sequence.
        Assert.Equal(2, channel.Pending);
        Assert.Equal(800, stager.DroppedEvents);
        Assert.Equal(999, channel.DroppedThrough);
    }

    private static MarketEvent Tick()
    {
        var e = new MarketEvent();
        e.Header.Kind = EventKind.Tick;
        e.Header.Feed = FeedKind.Kite;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
        e.Header.ExchangeTimeNs = 1_700_000_000_000_000_000;
        e.Tick.LastPrice = 100;
        e.Tick.Fields = TickFields.LastPrice;
        return e;
    }
}
