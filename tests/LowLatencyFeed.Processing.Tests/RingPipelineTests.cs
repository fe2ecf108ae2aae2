using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;
using static LowLatencyFeed.Processing.Tests.Events;

namespace LowLatencyFeed.Processing.Tests;

/// <summary>Live (through the real rings, on consumer threads) and replay (engines called directly) publish the same derived events.</summary>
public sealed class RingPipelineTests
{
    [Fact]
    public void Handlers_on_ring_threads_publish_what_the_engines_publish_when_driven_directly()
    {
        MarketEvent[] stream = Stream();
        var barOptions = new BarOptions { Timeframes = [BarTimeframe.Seconds(1), BarTimeframe.Minutes(1)], ClockCloseDelay = TimeSpan.Zero };
        var bookOptions = new BookOptions();
        var signalOptions = new SignalOptions { MinPersistence = TimeSpan.FromMilliseconds(20) };

        // Replay: the engines, called in order on this thread.
        var replayBars = new DerivedEventBuffer();
        var replayBooks = new DerivedEventBuffer();
        var bars = new BarAggregator(barOptions, replayBars);
        var books = new BookBuilder(bookOptions, signalOptions, replayBooks);
        for (int i = 0; i < stream.Length; i++)
        {
            MarketEvent e = stream[i];
            e.Header.Sequence = i; // what the ring publisher stamps
            bars.OnEvent(in e);
            books.OnEvent(in e);
        }

        // Live: ingress ring → bar and book handlers on their own threads → derived ring → collector thread.
        var derivedRing = RingBuffer<DerivedEvent>.CreateMultiProducer(256, new BlockingWaitStrategy());
        var collector = new Collector();
        using var derived = new Pipeline<DerivedEvent>(derivedRing);
        derived.HandleEventsWith(derived.Handler(collector, new ConsumerOptions("collector")));
        derived.Start();

        var ingressRing = RingBuffer<MarketEvent>.CreateSingleProducer(128, new BlockingWaitStrategy());
        using var ingress = new Pipeline<MarketEvent>(ingressRing);
        ingress.HandleEventsWith(
            ingress.Handler(new BarBuilderHandler(barOptions, new RingDerivedEventSink(derivedRing)), new ConsumerOptions("bars")),
            ingress.Handler(new BookBuilderHandler(bookOptions, signalOptions, new RingDerivedEventSink(derivedRing)), new ConsumerOptions("books")));
        ingress.Start();
        var publisher = new RingPublisher(ingressRing);
        foreach (MarketEvent e in stream)
        {
            ref MarketEvent slot = ref publisher.Claim();
            slot = e;
            publisher.Publish();
        }

        Assert.True(ingress.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.True(derived.Shutdown(TimeSpan.FromSeconds(30)));

        // The two producers interleave in the derived ring; each one's own order is preserved.
        DerivedEvent[] liveBars = collector.Events.Where(e => e.Header.Kind == DerivedEventKind.Bar).ToArray();
        DerivedEvent[] liveBooks = collector.Events.Where(e => e.Header.Kind != DerivedEventKind.Bar).ToArray();
        Assert.True(replayBars.Count > 10);
        Assert.Contains(liveBooks, e => e.Header.Kind == DerivedEventKind.Signal);
        Assert.True(MemoryMarshal.AsBytes(replayBars.Events).SequenceEqual(MemoryMarshal.AsBytes(liveBars.AsSpan())));
        Assert.True(MemoryMarshal.AsBytes(replayBooks.Events).SequenceEqual(MemoryMarshal.AsBytes(liveBooks.AsSpan())));
    }

    private static MarketEvent[] Stream()
    {
        var random = new Random(17);
        var events = new List<MarketEvent>();
        long time = July3Utc + (5 * Hour);
        long bid = 1_000_000;
        for (int i = 0; i < 3000; i++)
        {
            time += random.NextInt64(1, 30_000_000);
            switch (random.Next(10))
            {
                case < 4:
                    events.Add(Trade(BtcUsdt, time, bid + random.Next(-3, 4), random.Next(1, 9)));
                    break;
                case < 8:
                    bid += random.Next(-2, 3);
                    events.Add(Depth(BtcUsdt, time, DepthUpdateKind.Snapshot, [L(bid, random.Next(1, 20)), L(bid - 1, 5)], [L(bid + 1, random.Next(1, 20)), L(bid + 2, 5)]));
                    break;
                case 8:
                    events.Add(Clock(time));
                    break;
                default:
                    events.Add(Ticker(Reliance, time, 250_000 + random.Next(-5, 6), i));
                    break;
            }
        }

        return [.. events];
    }

    private sealed class Collector : IEventHandler<DerivedEvent>
    {
        public List<DerivedEvent> Events { get; } = [];

        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref DerivedEvent data, long sequence, bool endOfBatch) => Events.Add(data);

        public void OnBatchEnd(long lastSequence)
        {
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }
}
