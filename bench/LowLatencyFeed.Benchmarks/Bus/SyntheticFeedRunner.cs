using System.Diagnostics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Ring;

namespace LowLatencyFeed.Benchmarks.Bus;

/// <summary>A feed that publishes <c>events</c> Kite-like ticks over <c>instruments</c> instruments, as fast as the ring takes them or paced at <c>rate</c> per second.</summary>
internal sealed class SyntheticFeedRunner(long events, double rate, int instruments) : IFeedRunner
{
    private long _published;

    public string Name => "synthetic";

    public FeedDiagnostics Diagnostics { get; } = new("synthetic");

    public long Reconnects => 0;

    public bool IsConnected => true;

    public PublisherStatistics Publisher { get; } = new();

    public long Published => Volatile.Read(ref _published);

    public Task RunAsync(RingBuffer<MarketEvent> ring, BackpressurePolicy policy, CancellationToken cancellationToken) => Task.Factory.StartNew(
        () =>
        {
            var publisher = new RingPublisher(ring, BackpressurePolicy.Wait, Publisher);
            var clock = MonotonicClock.Shared;
            double ticksPerEvent = rate > 0 ? Stopwatch.Frequency / rate : 0;
            long start = Stopwatch.GetTimestamp();
            long price = 150_000;
            for (long i = 0; i < events && !cancellationToken.IsCancellationRequested; i++)
            {
                if (ticksPerEvent > 0)
                {
                    long due = start + (long)(i * ticksPerEvent);
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        Thread.SpinWait(20);
                    }
                }

                ref MarketEvent e = ref publisher.Claim();
                long now = clock.UnixNanoseconds();
                e.Header.Kind = EventKind.Tick;
                e.Header.Feed = FeedKind.Kite;
                e.Header.PriceDecimals = 2;
                e.Header.SessionId = 1;
                e.Header.Instrument = InstrumentId.From(FeedKind.Kite, ((1000 + (i % instruments)) << 8) | 1);
                e.Header.ExchangeTimeNs = now;
                e.Header.ReceiveTimeNs = now;
                price += (i & 1) == 0 ? 5 : -5;
                e.Tick.LastPrice = price;
                e.Tick.LastQuantity = 1 + (i % 7);
                e.Tick.CumulativeVolume = i;
                e.Tick.LastTradeTimeNs = now;
                e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume | TickFields.LastTradeTime;
                publisher.Publish();
                Volatile.Write(ref _published, i + 1);
            }
        },
        cancellationToken,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);
}
