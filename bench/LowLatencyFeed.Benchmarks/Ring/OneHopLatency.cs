using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>
/// One-hop latency (publish → consumer sees it) for the ring and the runtime's queues, at a paced rate. Latency is
/// measured from the event's scheduled send time, not the actual one, so a stalled producer cannot hide queueing
/// (coordinated-omission correction). Reports p50/p99/p99.9/max per run and the median of the runs.
/// Usage: latency [--events N] [--rate PER_SECOND] [--runs N] [--wait yielding|blocking|sleeping|busyspin]
/// </summary>
public static class OneHopLatency
{
    public static int Run(string[] args)
    {
        int events = 200_000;
        int rate = 100_000;
        int runs = 5;
        var wait = WaitStrategyKind.Yielding;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events": events = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--wait": wait = Enum.Parse<WaitStrategyKind>(args[i + 1], ignoreCase: true); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"# one-hop latency, {events:N0} events at {rate:N0}/s, {runs} runs, ring consumer wait strategy {wait}, {Environment.ProcessorCount} cores");
        Console.WriteLine("queue\trun\tp50_ns\tp99_ns\tp99.9_ns\tmax_ns");
        var results = new Dictionary<string, List<long[]>>();
        for (int run = 0; run < runs; run++)
        {
            Record(results, "ring", run, MeasureRing(events, rate, wait));
            Record(results, "channel", run, MeasureChannel(events, rate));
            Record(results, "concurrent-queue", run, MeasureQueue(events, rate));
        }

        Console.WriteLine("# median over runs");
        Console.WriteLine("queue\tp50_ns\tp99_ns\tp99.9_ns\tmax_ns");
        foreach (var (name, list) in results)
        {
            var medians = new long[4];
            for (int k = 0; k < 4; k++)
            {
                var values = list.Select(r => r[k]).Order().ToArray();
                medians[k] = values[values.Length / 2];
            }

            Console.WriteLine($"{name}\t{medians[0]}\t{medians[1]}\t{medians[2]}\t{medians[3]}");
        }

        return 0;
    }

    private static void Record(Dictionary<string, List<long[]>> results, string name, int run, LatencyHistogram histogram)
    {
        long[] row = [histogram.Percentile(0.50), histogram.Percentile(0.99), histogram.Percentile(0.999), histogram.Max];
        Console.WriteLine($"{name}\t{run}\t{row[0]}\t{row[1]}\t{row[2]}\t{row[3]}");
        if (!results.TryGetValue(name, out var list))
        {
            results[name] = list = [];
        }

        list.Add(row);
    }

    private static LatencyHistogram MeasureRing(int events, int rate, WaitStrategyKind wait)
    {
        var histogram = new LatencyHistogram();
        var ring = RingBuffer<BenchEvent>.CreateSingleProducer(1 << 16, WaitStrategies.Create(wait));
        using var pipeline = new Pipeline<BenchEvent>(ring);
        pipeline.HandleEventsWith(pipeline.Handler(new LatencyRecordingHandler(histogram), new ConsumerOptions("latency")));
        pipeline.Start();
        Pace(events, rate, (i, scheduled) =>
        {
            long sequence = ring.Next();
            ring[sequence].Timestamp = scheduled;
            ring.Publish(sequence);
        });
        pipeline.Shutdown(TimeSpan.FromSeconds(30));
        return histogram;
    }

    private static LatencyHistogram MeasureChannel(int events, int rate)
    {
        var histogram = new LatencyHistogram();
        var channel = Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(1 << 16) { SingleReader = true, SingleWriter = true });
        var consumer = Task.Run(async () =>
        {
            while (await channel.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    histogram.Record(ElapsedNs(item.Timestamp));
                }
            }
        });
        Pace(events, rate, (i, scheduled) => QueueConsumers.Write(channel.Writer, new BenchEvent { Timestamp = scheduled }));
        channel.Writer.Complete();
        consumer.Wait();
        return histogram;
    }

    private static LatencyHistogram MeasureQueue(int events, int rate)
    {
        var histogram = new LatencyHistogram();
        var queue = new ConcurrentQueue<BenchEvent>();
        long received = 0;
        var consumer = new Thread(() =>
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref received) < events)
            {
                if (queue.TryDequeue(out var item))
                {
                    histogram.Record(ElapsedNs(item.Timestamp));
                    Volatile.Write(ref received, received + 1);
                    spinner = default;
                }
                else
                {
                    spinner.SpinOnce();
                }
            }
        });
        consumer.Start();
        Pace(events, rate, (i, scheduled) => queue.Enqueue(new BenchEvent { Timestamp = scheduled }));
        consumer.Join();
        return histogram;
    }

    /// <summary>Calls <paramref name="send"/> at the scheduled instants; the schedule, not the call, is the start time.</summary>
    private static void Pace(int events, int rate, Action<int, long> send)
    {
        double ticksPerEvent = (double)Stopwatch.Frequency / rate;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < events; i++)
        {
            long scheduled = start + (long)(i * ticksPerEvent);
            while (Stopwatch.GetTimestamp() < scheduled)
            {
                Thread.SpinWait(20);
            }

            send(i, scheduled);
        }
    }

    internal static long ElapsedNs(long fromTimestamp) =>
        (long)((Stopwatch.GetTimestamp() - fromTimestamp) * (1_000_000_000.0 / Stopwatch.Frequency));

    private sealed class LatencyRecordingHandler(LatencyHistogram histogram) : IEventHandler<BenchEvent>
    {
        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref BenchEvent data, long sequence, bool endOfBatch) => histogram.Record(ElapsedNs(data.Timestamp));

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
