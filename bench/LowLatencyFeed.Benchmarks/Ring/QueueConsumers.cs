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

    /// <summary>
    /// Drains a channel in batches, the way a batching consumer would: after WaitToReadAsync, up to
    /// <paramref name="batchSize"/> TryReads, then the progress is published once for the batch (as the ring's
    /// consumer publishes its sequence once per batch).
    /// </summary>
    public static Task ConsumeChannelBatched(ChannelReader<BenchEvent> reader, long[] counter, long[] sum, int batchSize) => Task.Run(async () =>
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            int read;
            do
            {
                read = 0;
                long batchSum = 0;
                while (read < batchSize && reader.TryRead(out var item))
                {
                    batchSum += item.Value;
                    read++;
                }

                sum[0] += batchSum;
                Volatile.Write(ref counter[0], counter[0] + read);
            }
            while (read == batchSize);
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
