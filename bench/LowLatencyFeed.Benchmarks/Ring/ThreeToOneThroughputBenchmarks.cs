using System.Collections.Concurrent;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>
/// 3 producers → 1 consumer. Four threads on what may be two cores, so nothing busy-spins: the ring consumer blocks or
/// sleeps (spin, yield, sleep), and producers back off by yielding when the ring is full.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
public class ThreeToOneThroughputBenchmarks
{
    private const int Producers = 3;
    private const int EventsPerProducer = 1 << 18;
    private const int Events = Producers * EventsPerProducer;
    private const int Capacity = 1 << 16;

    [Params(WaitStrategyKind.Blocking, WaitStrategyKind.Sleeping)]
    public WaitStrategyKind RingWait { get; set; }

    private RingBuffer<BenchEvent> _ring = null!;
    private Pipeline<BenchEvent> _pipeline = null!;
    private Sequence _consumer = null!;
    private Channel<BenchEvent> _channel = null!;
    private Task _channelConsumer = null!;
    private ConcurrentQueue<BenchEvent> _queue = null!;
    private Thread _queueConsumer = null!;
    private ProducerGang _ringProducers = null!;
    private ProducerGang _channelProducers = null!;
    private ProducerGang _queueProducers = null!;
    private readonly long[] _channelCount = new long[1];
    private readonly long[] _queueCount = new long[1];
    private readonly long[] _sum = new long[1];
    private volatile bool _stopping;

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchEvent>.CreateMultiProducer(Capacity, WaitStrategies.Create(RingWait));
        _pipeline = new Pipeline<BenchEvent>(_ring);
        _pipeline.HandleEventsWith(_pipeline.Handler(new CountingBenchHandler(), new ConsumerOptions("bench")));
        _pipeline.Start();
        _consumer = _pipeline.Consumers[0].Sequence;
        _ringProducers = new ProducerGang(Producers, producer =>
        {
            var ring = _ring;
            for (int i = 0; i < EventsPerProducer; i++)
            {
                long sequence = ring.Next();
                ref var slot = ref ring[sequence];
                slot.Value = i;
                slot.Producer = producer;
                ring.Publish(sequence);
            }
        });

        _channel = System.Threading.Channels.Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = false });
        _channelConsumer = QueueConsumers.ConsumeChannel(_channel.Reader, _channelCount, _sum);
        _channelProducers = new ProducerGang(Producers, producer =>
        {
            var item = new BenchEvent { Producer = producer };
            for (int i = 0; i < EventsPerProducer; i++)
            {
                item.Value = i;
                QueueConsumers.Write(_channel.Writer, item);
            }
        });

        _queue = new ConcurrentQueue<BenchEvent>();
        _queueConsumer = QueueConsumers.ConsumeQueue(_queue, _queueCount, _sum, () => _stopping);
        _queueProducers = new ProducerGang(Producers, producer =>
        {
            var item = new BenchEvent { Producer = producer };
            for (int i = 0; i < EventsPerProducer; i++)
            {
                item.Value = i;
                _queue.Enqueue(item);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BatchSizeReport.Write(nameof(ThreeToOneThroughputBenchmarks), "ring", _pipeline.Consumers[0]);
        _ringProducers.Dispose();
        _channelProducers.Dispose();
        _queueProducers.Dispose();
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _channel.Writer.Complete();
        _channelConsumer.Wait();
        _stopping = true;
        _queueConsumer.Join();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Channel (bounded, multi-writer)")]
    public void ChannelBaseline()
    {
        long target = Volatile.Read(ref _channelCount[0]) + Events;
        _channelProducers.RunOnce();
        QueueConsumers.WaitFor(_channelCount, target);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "ConcurrentQueue")]
    public void ConcurrentQueueBaseline()
    {
        long target = Volatile.Read(ref _queueCount[0]) + Events;
        _queueProducers.RunOnce();
        QueueConsumers.WaitFor(_queueCount, target);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Ring (multi-producer, one at a time)")]
    public void RingMultiProducer()
    {
        _ringProducers.RunOnce();
        OneToOneThroughputBenchmarks.WaitForConsumer(_consumer, _ring.Cursor);
    }
}
