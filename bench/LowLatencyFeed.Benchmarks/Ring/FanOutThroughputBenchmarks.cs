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
/// 1 producer → 3 consumers that each see every event (fan-out), and the diamond 1 → (3 parallel) → 1. The ring shares
/// one slot among all consumers; the runtime queues need one queue per consumer (and forwarding for the diamond).
/// Ring consumers either block (parked on a monitor, woken by the producer) or use the sleeping strategy (spin, yield,
/// then sleep 1 ms) — never a busy spin: there are more threads than cores. The ConcurrentQueue consumers back off
/// with SpinWait (spin, yield, occasional sleep), which is what the sleeping strategy matches.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
public class FanOutThroughputBenchmarks
{
    private const int Events = 1 << 19;
    private const int Capacity = 1 << 16;
    private const int Consumers = 3;

    [Params(WaitStrategyKind.Blocking, WaitStrategyKind.Sleeping)]
    public WaitStrategyKind RingWait { get; set; }

    private RingBuffer<BenchEvent> _fanOutRing = null!;
    private Pipeline<BenchEvent> _fanOut = null!;
    private RingBuffer<BenchEvent> _diamondRing = null!;
    private Pipeline<BenchEvent> _diamond = null!;
    private Sequence[] _fanOutSequences = null!;
    private Sequence _diamondTail = null!;
    private Channel<BenchEvent>[] _fanOutChannels = null!;
    private long[][] _fanOutCounts = null!;
    private Channel<BenchEvent>[] _diamondChannels = null!;
    private Channel<BenchEvent>[] _diamondOutputs = null!;
    private long[] _diamondCount = null!;
    private ConcurrentQueue<BenchEvent>[] _queues = null!;
    private long[][] _queueCounts = null!;
    private readonly List<Task> _tasks = [];
    private readonly List<Thread> _threads = [];
    private readonly long[] _sum = new long[1];
    private volatile bool _stopping;

    [GlobalSetup]
    public void Setup()
    {
        _fanOutRing = RingBuffer<BenchEvent>.CreateSingleProducer(Capacity, WaitStrategies.Create(RingWait));
        _fanOut = new Pipeline<BenchEvent>(_fanOutRing);
        _fanOut.HandleEventsWith(
            _fanOut.Handler(new CountingBenchHandler(), new ConsumerOptions("c1")),
            _fanOut.Handler(new CountingBenchHandler(), new ConsumerOptions("c2")),
            _fanOut.Handler(new CountingBenchHandler(), new ConsumerOptions("c3")));
        _fanOut.Start();
        _fanOutSequences = [.. _fanOut.Consumers.Select(c => c.Sequence)];

        _diamondRing = RingBuffer<BenchEvent>.CreateSingleProducer(Capacity, WaitStrategies.Create(RingWait));
        _diamond = new Pipeline<BenchEvent>(_diamondRing);
        _diamond.HandleEventsWith(
                _diamond.Handler(new CountingBenchHandler(), new ConsumerOptions("d1")),
                _diamond.Handler(new CountingBenchHandler(), new ConsumerOptions("d2")),
                _diamond.Handler(new CountingBenchHandler(), new ConsumerOptions("d3")))
            .Then(_diamond.Handler(new CountingBenchHandler(), new ConsumerOptions("join")));
        _diamond.Start();
        _diamondTail = _diamond.Consumers[3].Sequence;

        _fanOutChannels = new Channel<BenchEvent>[Consumers];
        _fanOutCounts = new long[Consumers][];
        _diamondChannels = new Channel<BenchEvent>[Consumers];
        _diamondOutputs = new Channel<BenchEvent>[Consumers];
        _queues = new ConcurrentQueue<BenchEvent>[Consumers];
        _queueCounts = new long[Consumers][];
        _diamondCount = new long[1];
        for (int i = 0; i < Consumers; i++)
        {
            _fanOutChannels[i] = Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
            _fanOutCounts[i] = new long[1];
            _tasks.Add(QueueConsumers.ConsumeChannel(_fanOutChannels[i].Reader, _fanOutCounts[i], _sum));

            _diamondChannels[i] = Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
            _diamondOutputs[i] = Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
            var input = _diamondChannels[i].Reader;
            var output = _diamondOutputs[i].Writer;
            _tasks.Add(Task.Run(async () =>
            {
                while (await input.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (input.TryRead(out var item))
                    {
                        await output.WriteAsync(item).ConfigureAwait(false);
                    }
                }

                output.Complete();
            }));

            _queues[i] = new ConcurrentQueue<BenchEvent>();
            _queueCounts[i] = new long[1];
            _threads.Add(QueueConsumers.ConsumeQueue(_queues[i], _queueCounts[i], _sum, () => _stopping));
        }

        // Diamond join: an event is done when all three stage-one workers have passed it on.
        _tasks.Add(Task.Run(async () =>
        {
            var readers = _diamondOutputs.Select(c => c.Reader).ToArray();
            while (true)
            {
                for (int i = 0; i < readers.Length; i++)
                {
                    if (!await readers[i].WaitToReadAsync().ConfigureAwait(false) || !readers[i].TryRead(out _))
                    {
                        return;
                    }
                }

                Volatile.Write(ref _diamondCount[0], _diamondCount[0] + 1);
            }
        }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var consumer in _fanOut.Consumers)
        {
            BatchSizeReport.Write(nameof(FanOutThroughputBenchmarks), "fan-out", consumer);
        }

        foreach (var consumer in _diamond.Consumers)
        {
            BatchSizeReport.Write(nameof(FanOutThroughputBenchmarks), "diamond", consumer);
        }

        _fanOut.Shutdown(TimeSpan.FromSeconds(10));
        _diamond.Shutdown(TimeSpan.FromSeconds(10));
        foreach (var channel in _fanOutChannels.Concat(_diamondChannels))
        {
            channel.Writer.Complete();
        }

        _stopping = true;
        Task.WaitAll([.. _tasks], TimeSpan.FromSeconds(10));
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Fan-out: 3 Channels")]
    public void FanOutChannels()
    {
        long target = Volatile.Read(ref _fanOutCounts[0][0]) + Events;
        var item = default(BenchEvent);
        for (int i = 0; i < Events; i++)
        {
            item.Value = i;
            for (int c = 0; c < Consumers; c++)
            {
                QueueConsumers.Write(_fanOutChannels[c].Writer, item);
            }
        }

        for (int c = 0; c < Consumers; c++)
        {
            QueueConsumers.WaitFor(_fanOutCounts[c], target);
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Fan-out: 3 ConcurrentQueues")]
    public void FanOutQueues()
    {
        long target = Volatile.Read(ref _queueCounts[0][0]) + Events;
        var item = default(BenchEvent);
        for (int i = 0; i < Events; i++)
        {
            item.Value = i;
            for (int c = 0; c < Consumers; c++)
            {
                _queues[c].Enqueue(item);
            }
        }

        for (int c = 0; c < Consumers; c++)
        {
            QueueConsumers.WaitFor(_queueCounts[c], target);
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Fan-out: ring, 3 consumers")]
    public void FanOutRing()
    {
        var ring = _fanOutRing;
        long last = 0;
        for (int i = 0; i < Events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
            last = sequence;
        }

        foreach (var sequence in _fanOutSequences)
        {
            OneToOneThroughputBenchmarks.WaitForConsumer(sequence, last);
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Diamond: Channels with forwarding + join")]
    public void DiamondChannels()
    {
        long target = Volatile.Read(ref _diamondCount[0]) + Events;
        var item = default(BenchEvent);
        for (int i = 0; i < Events; i++)
        {
            item.Value = i;
            for (int c = 0; c < Consumers; c++)
            {
                QueueConsumers.Write(_diamondChannels[c].Writer, item);
            }
        }

        QueueConsumers.WaitFor(_diamondCount, target);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Diamond: ring (a, b, c).Then(d)")]
    public void DiamondRing()
    {
        var ring = _diamondRing;
        long last = 0;
        for (int i = 0; i < Events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
            last = sequence;
        }

        OneToOneThroughputBenchmarks.WaitForConsumer(_diamondTail, last);
    }
}
