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
/// 1 producer → 1 consumer, struct events. The consumer uses the yielding strategy (the only spinning thread on a
/// 2-core machine); the producer is the benchmark thread. Per-event figures via OperationsPerInvoke. Beside the ring's
/// batched runs, a batched Channel: the reader drains TryRead in batches of 256 and publishes its progress once per batch.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
public class OneToOneThroughputBenchmarks
{
    private const int Events = 1 << 20;
    private const int BatchSize = 256;
    private const int LargeBatchSize = 4096;
    private const int Capacity = 1 << 16;

    private RingBuffer<BenchEvent> _ring = null!;
    private Pipeline<BenchEvent> _pipeline = null!;
    private Sequence _consumerSequence = null!;
    private RingBuffer<BenchEvent> _classRing = null!;
    private Pipeline<BenchEvent> _classPipeline = null!;
    private Sequence _classConsumerSequence = null!;
    private Channel<BenchEvent> _channel = null!;
    private Task _channelConsumer = null!;
    private Channel<BenchEvent> _batchedChannel = null!;
    private Task _batchedChannelConsumer = null!;
    private readonly long[] _batchedChannelCount = new long[1];
    private ConcurrentQueue<BenchEvent> _queue = null!;
    private Thread _queueConsumer = null!;
    private readonly long[] _channelCount = new long[1];
    private readonly long[] _queueCount = new long[1];
    private readonly long[] _sum = new long[1];
    private volatile bool _stopping;

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchEvent>.CreateSingleProducer(Capacity, new YieldingWaitStrategy());
        _pipeline = new Pipeline<BenchEvent>(_ring);
        _pipeline.HandleEventsWith(_pipeline.Handler(new CountingBenchHandler(), new ConsumerOptions("bench")));
        _pipeline.Start();
        _consumerSequence = _pipeline.Consumers[0].Sequence;

        _classRing = RingBuffer<BenchEvent>.CreateSingleProducer(Capacity, new YieldingWaitStrategy());
        _classPipeline = new Pipeline<BenchEvent>(_classRing);
        _classPipeline.HandleEventsWith(_classPipeline.Handler<IEventHandler<BenchEvent>>(new ClassBenchHandler(), new ConsumerOptions("bench-class")));
        _classPipeline.Start();
        _classConsumerSequence = _classPipeline.Consumers[0].Sequence;

        _channel = System.Threading.Channels.Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _channelConsumer = QueueConsumers.ConsumeChannel(_channel.Reader, _channelCount, _sum);
        _batchedChannel = System.Threading.Channels.Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _batchedChannelConsumer = QueueConsumers.ConsumeChannelBatched(_batchedChannel.Reader, _batchedChannelCount, _sum, BatchSize);
        _queue = new ConcurrentQueue<BenchEvent>();
        _queueConsumer = QueueConsumers.ConsumeQueue(_queue, _queueCount, _sum, () => _stopping);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var consumer = _pipeline.Consumers[0];
        BatchSizeReport.Write(nameof(OneToOneThroughputBenchmarks), "ring", consumer);
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _classPipeline.Shutdown(TimeSpan.FromSeconds(10));
        _channel.Writer.Complete();
        _channelConsumer.Wait();
        _batchedChannel.Writer.Complete();
        _batchedChannelConsumer.Wait();
        _stopping = true;
        _queueConsumer.Join();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Channel (bounded, 1 event per write)")]
    public void ChannelBaseline()
    {
        long target = Volatile.Read(ref _channelCount[0]) + Events;
        var writer = _channel.Writer;
        var item = default(BenchEvent);
        for (int i = 0; i < Events; i++)
        {
            item.Value = i;
            QueueConsumers.Write(writer, item);
        }

        QueueConsumers.WaitFor(_channelCount, target);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Channel (bounded, reader drains batches of 256)")]
    public void ChannelBatchedReader()
    {
        long target = Volatile.Read(ref _batchedChannelCount[0]) + Events;
        var writer = _batchedChannel.Writer;
        var item = default(BenchEvent);
        for (int i = 0; i < Events; i++)
        {
            item.Value = i;
            QueueConsumers.Write(writer, item);
        }

        QueueConsumers.WaitFor(_batchedChannelCount, target);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "ConcurrentQueue (unbounded)")]
    public void ConcurrentQueueBaseline()
    {
        long target = Volatile.Read(ref _queueCount[0]) + Events;
        var item = default(BenchEvent);
        for (int i = 0; i < Events; i++)
        {
            item.Value = i;
            _queue.Enqueue(item);
        }

        QueueConsumers.WaitFor(_queueCount, target);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Ring (publish one at a time)")]
    public void RingPublishOne()
    {
        var ring = _ring;
        long last = 0;
        for (int i = 0; i < Events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
            last = sequence;
        }

        WaitForConsumer(_consumerSequence, last);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Ring (claimed batches of 256)")]
    public void RingPublishBatch() => PublishBatches(BatchSize);

    [Benchmark(OperationsPerInvoke = Events, Description = "Ring (claimed batches of 4096)")]
    public void RingPublishLargeBatch() => PublishBatches(LargeBatchSize);

    private void PublishBatches(int batchSize)
    {
        var ring = _ring;
        long last = 0;
        for (int i = 0; i < Events; i += batchSize)
        {
            long hi = ring.Next(batchSize);
            long lo = hi - batchSize + 1;
            for (long sequence = lo; sequence <= hi; sequence++)
            {
                ring[sequence].Value = sequence;
            }

            ring.Publish(lo, hi);
            last = hi;
        }

        WaitForConsumer(_consumerSequence, last);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Ring (one at a time, handler via interface)")]
    public void RingPublishOneInterfaceHandler()
    {
        var ring = _classRing;
        long last = 0;
        for (int i = 0; i < Events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
            last = sequence;
        }

        WaitForConsumer(_classConsumerSequence, last);
    }

    internal static void WaitForConsumer(Sequence consumer, long last)
    {
        var spinner = default(SpinWait);
        while (consumer.Value < last)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
