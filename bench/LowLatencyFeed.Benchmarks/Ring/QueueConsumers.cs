using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>Consumer loops for the baselines, written the way typical code uses these types.</summary>
public static class QueueConsumers
{
    /// <summary>Drains a channel with WaitToReadAsync + TryRead; counts into <paramref name="counter"/>[0].</summary>
    public static Task ConsumeChannel(ChannelReader<BenchEvent> reader, long[] counter, long[] sum) => Task.Run(async () =>
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                sum[0] += item.Value;
                Volatile.Write(ref counter[0], counter[0] + 1);
            }
        }
    });

    /// <summary>Drains a ConcurrentQueue with TryDequeue, backing off with SpinWait when empty.</summary>
    public static Thread ConsumeQueue(ConcurrentQueue<BenchEvent> queue, long[] counter, long[] sum, Func<bool> stopping)
    {
        var thread = new Thread(() =>
        {
            var spinner = default(SpinWait);
            while (!stopping())
            {
                if (queue.TryDequeue(out var item))
                {
                    sum[0] += item.Value;
                    Volatile.Write(ref counter[0], counter[0] + 1);
                    spinner = default;
                }
                else
                {
                    spinner.SpinOnce();
                }
            }
        })
        { IsBackground = true };
        thread.Start();
        return thread;
    }

    /// <summary>Waits (yielding) until <paramref name="counter"/> reaches <paramref name="target"/>.</summary>
    public static void WaitFor(long[] counter, long target)
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref counter[0]) < target)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Writes to a bounded channel: TryWrite, or wait for room like an awaiting producer would.</summary>
    public static void Write(ChannelWriter<BenchEvent> writer, in BenchEvent item)
    {
        if (!writer.TryWrite(item))
        {
            writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
        }
    }
}
