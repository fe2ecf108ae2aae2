using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Journal.Writing;

/// <summary>
/// The block thread (<see cref="JournalWriterOptions.BlockThread"/>): the appending thread only encodes records and
/// hands each closed block over; this thread compresses, checksums and writes it, keeps the index and segments, and
/// fsyncs. Everything that touches the files runs here, so the two threads share only the block buffers and counters.
/// </summary>
/// <remarks>
/// <para>Hand-over is a single-producer, single-consumer ring of <see cref="BlockBuffers"/> record buffers: the appending
/// thread fills buffer <c>submitted % n</c>, the block thread drains up to <c>submitted</c>. The appending thread waits
/// only when every buffer is still queued (the disk or LZ4 cannot keep up) and in <see cref="Flush"/>; it blocks on an
/// event then rather than spinning, since the block thread it waits for needs the core.</para>
/// <para>Why: LZ4 is about three quarters of the journal stage's cost per event, paid in one stall per block. On its
/// own thread the ring's journal consumer no longer stalls, and the stages behind it see events sooner (at 100k msgs/s
/// the ring lag's p99 halved, README "Performance"). The total CPU per event is the same.</para>
/// </remarks>
public sealed partial class JournalWriter
{
    /// <summary>Record buffers between the threads: enough to ride out an fsync or a segment roll without stalling the appender.</summary>
    private const int BlockBuffers = 4;

    private readonly QueuedBlock[]? _queue;
    private readonly Thread? _blockThread;
    // No spinning before either thread sleeps: on two cores the spinner takes the core the other thread needs.
    private readonly ManualResetEventSlim _work = new(false, spinCount: 0);
    private readonly ManualResetEventSlim _progress = new(false, spinCount: 0);
    private readonly int _blockThreadWakeMs;

    // Written by the appending thread only.
    private long _submitted;
    private long _requestsMade;
    private bool _requestToDisk;

    // Written by the block thread only.
    private long _completed;
    private long _requestsDone;
    private Exception? _blockThreadFault;

    private volatile bool _stopping;

    private struct QueuedBlock
    {
        public byte[] Records;
        public BlockHeader Header;
    }

    private static QueuedBlock[]? NewQueue(JournalWriterOptions options, int rawCapacity)
    {
        if (!options.BlockThread)
        {
            return null;
        }

        var queue = new QueuedBlock[BlockBuffers];
        for (int i = 0; i < queue.Length; i++)
        {
            queue[i].Records = GC.AllocateUninitializedArray<byte>(BlockStart + rawCapacity);
        }

        return queue;
    }

    /// <summary>Queues the block just closed in <see cref="_block"/> and moves the appender to the next free buffer.</summary>
    private void SubmitBlock(ref BlockHeader header)
    {
        QueuedBlock[] queue = _queue!;
        queue[(int)(_submitted % BlockBuffers)].Header = header;
        Volatile.Write(ref _submitted, _submitted + 1);
        _work.Set();
        while (_submitted - Volatile.Read(ref _completed) >= BlockBuffers)
        {
            WaitForProgress();
        }

        _block = queue[(int)(_submitted % BlockBuffers)].Records;
    }

    /// <summary>Has the block thread write every queued block and then flush the index (and fsync when <paramref name="toDisk"/>); returns when it has.</summary>
    private void FlushOnBlockThread(bool toDisk)
    {
        _requestToDisk = toDisk;
        long request = _requestsMade + 1;
        Volatile.Write(ref _requestsMade, request);
        _work.Set();
        while (Volatile.Read(ref _requestsDone) < request)
        {
            WaitForProgress();
        }
    }

    private void WaitForProgress()
    {
        // Reset before the caller's condition is read again: a completion after the reset sets the event, so no wake-up is lost.
        _progress.Reset();
        if (Volatile.Read(ref _blockThreadFault) is { } fault)
        {
            throw new JournalException(_directory, -1, "the journal block thread failed", fault);
        }

        _progress.Wait(_blockThreadWakeMs);
    }

    private void StopBlockThread()
    {
        if (_blockThread is null || !_blockThread.IsAlive)
        {
            return;
        }

        _stopping = true;
        _work.Set();
        _blockThread.Join();
    }

    private void RunBlockThread()
    {
        try
        {
            QueuedBlock[] queue = _queue!;
            while (true)
            {
                // Reset before looking for work: a hand-over after the reset sets the event again.
                _work.Reset();
                if (_completed == Volatile.Read(ref _submitted) && _requestsDone == Volatile.Read(ref _requestsMade) && !_stopping)
                {
                    _work.Wait(_blockThreadWakeMs);
                }

                long completed = _completed;
                while (completed < Volatile.Read(ref _submitted))
                {
                    ref QueuedBlock block = ref queue[(int)(completed % BlockBuffers)];
                    WriteClosedBlock(block.Records, ref block.Header);
                    completed++;
                    Volatile.Write(ref _completed, completed);
                    _progress.Set();
                }

                long request = Volatile.Read(ref _requestsMade);
                if (request != _requestsDone)
                {
                    if (_requestToDisk)
                    {
                        Sync();
                    }
                    else
                    {
                        FlushIndex();
                    }

                    Volatile.Write(ref _requestsDone, request);
                    _progress.Set();
                }
                else if (_unsynced && _options.Durability == JournalDurability.FlushPerBlockFsyncPeriodically
                    && MonotonicClock.Timestamp() - _lastFsyncAt >= _fsyncIntervalTicks)
                {
                    Sync();
                }

                if (_stopping && completed == Volatile.Read(ref _submitted))
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // Not expected (write errors are caught and counted where they happen); the appender rethrows it rather than wait forever.
            _logger.LogCritical(e, "Journal block thread failed; the journal stops accepting blocks");
            Volatile.Write(ref _blockThreadFault, e);
            _progress.Set();
        }
    }
}
