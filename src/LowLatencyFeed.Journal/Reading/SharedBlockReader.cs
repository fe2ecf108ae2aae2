using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Reading;

/// <summary>
/// A journal read split by instrument into partitions, one cursor per partition (<see cref="Cursor"/>), each consumed on
/// its own thread, with the blocks read, CRC-checked and decompressed <b>once</b>, by one reading thread, for all of
/// them. Each cursor decodes its partition's records (and every control and clock event) and passes over the others,
/// exactly as a cursor of its own would (<see cref="JournalQuery.PartitionCount"/>): the same events, the same problems
/// reported in the same order.
/// </summary>
/// <remarks>
/// The hand-off is a fixed ring of decoded blocks (<see cref="BlocksInFlight"/>), allocated once: the reading thread
/// fills the block after the last it published once every partition has taken the block that slot held before, and a
/// partition keeps the block it reads until it takes the next. Sequences (one for the reader, one per partition) say
/// who may touch which slot, so nothing is locked and nothing allocated per block; a thread that has to wait (the
/// reader a full ring ahead of the slowest partition, a partition ahead of the reader) spins briefly and then sleeps on
/// an event the other side sets. Problems the reader meets travel with the next block and are reported by every cursor
/// when it takes it. A cursor that is disposed (its worker finished or failed) stops holding the reader back; the
/// reading thread ends at the end of the journal, when every cursor is disposed, or on <see cref="Dispose"/>. An
/// exception on the reading thread is rethrown by each cursor once it has taken every block published before it.
/// </remarks>
public sealed class SharedBlockReader : IDisposable
{
    /// <summary>Decoded blocks between the reader and the slowest partition (each about 128 KiB); a power of two.</summary>
    public const int BlocksInFlight = 8;

    // Slot of a sequence: BlocksInFlight must stay a power of two for the mask to reach every slot exactly once.
    private const int Mask = BlocksInFlight - 1;

    private readonly DecodedBlock[] _slots = new DecodedBlock[BlocksInFlight];
    private readonly JournalCursor[] _cursors;
    private readonly PaddedSequence[] _released;
    private readonly long[] _taken;
    private readonly ManualResetEventSlim[] _published;
    private readonly ManualResetEventSlim _space = new(false);
    private readonly JournalBlockReader _reader;
    private readonly IssueCollector _readerIssues;
    private readonly Thread _thread;
    private PaddedSequence _publishedSequence;
    private DecodedBlock? _filling;
    private volatile ExceptionDispatchInfo? _failure;
    private volatile bool _stopping;

    internal SharedBlockReader(IReadOnlyList<SegmentRef> segments, JournalQuery query, int partitionCount, JournalReaderOptions options, IReadOnlyList<DepthSlabPool>? depthSlabs)
    {
        if (partitionCount < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(partitionCount), partitionCount, "A shared read needs at least one partition.");
        }

        if (depthSlabs is not null && depthSlabs.Count != partitionCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(depthSlabs), depthSlabs.Count, "Pass one depth slab pool per partition.");
        }

        for (int i = 0; i < BlocksInFlight; i++)
        {
            _slots[i] = new DecodedBlock();
        }

        _released = new PaddedSequence[partitionCount];
        _taken = new long[partitionCount];
        _published = new ManualResetEventSlim[partitionCount];
        _cursors = new JournalCursor[partitionCount];
        _publishedSequence.Value = -1;
        for (int i = 0; i < partitionCount; i++)
        {
            _released[i].Value = -1;
            _taken[i] = -1;
            _published[i] = new ManualResetEventSlim(false);
            var cursorOptions = new JournalReaderOptions { OnIssue = options.OnIssue, DepthSlabs = depthSlabs?[i] };
            _cursors[i] = new JournalCursor(this, ForPartition(query, i, partitionCount), cursorOptions);
        }

        _reader = new JournalBlockReader(segments, query);

        // The reader's problems go with the block it is looking for, to be reported by each cursor that takes it.
        _readerIssues = new IssueCollector(issue => _filling!.IssuesBefore.Add(issue));
        _thread = new Thread(ReadAll) { IsBackground = true, Name = "llfeed-journal-blocks" };
        _thread.Start();
    }

    /// <summary>Number of partitions (and cursors).</summary>
    public int PartitionCount => _cursors.Length;

    /// <summary>
    /// The cursor of partition <paramref name="partition"/> (its <see cref="JournalQuery.PartitionIndex"/>). Consume it on
    /// one thread; dispose it when done so the reader is not held back by it.
    /// </summary>
    public JournalCursor Cursor(int partition) => _cursors[partition];

    /// <summary>Stops the reading thread and waits for it, then disposes every cursor.</summary>
    public void Dispose()
    {
        _stopping = true;
        _space.Set();
        _thread.Join();
        foreach (JournalCursor cursor in _cursors)
        {
            cursor.Dispose();
        }

        _reader.Dispose();
        _space.Dispose();
        foreach (ManualResetEventSlim published in _published)
        {
            published.Dispose();
        }
    }

    /// <summary>
    /// Releases the block <paramref name="partition"/> holds and returns the next one, after reporting to
    /// <paramref name="issues"/> what the reader met before it; null at the end of the journal.
    /// </summary>
    internal DecodedBlock? Take(int partition, IssueCollector issues)
    {
        long next = _taken[partition] + 1;
        Release(partition, next - 1);
        if (Volatile.Read(ref _publishedSequence.Value) < next)
        {
            WaitForPublished(partition, next);
        }

        _taken[partition] = next;
        DecodedBlock block = _slots[next & Mask];
        List<JournalIssue> before = block.IssuesBefore;
        for (int i = 0; i < before.Count; i++)
        {
            issues.Report(before[i]);
        }

        return block.HasRecords ? block : null;
    }

    /// <summary>The partition takes no more blocks: it no longer holds the reader back.</summary>
    internal void Detach(int partition) => Release(partition, long.MaxValue);

    private void Release(int partition, long sequence)
    {
        // Also what makes a second Dispose of a cursor (after this reader's) touch nothing.
        if (Volatile.Read(ref _released[partition].Value) >= sequence)
        {
            return;
        }

        Volatile.Write(ref _released[partition].Value, sequence);
        _space.Set();
    }

    private void WaitForPublished(int partition, long sequence)
    {
        ManualResetEventSlim published = _published[partition];
        while (Volatile.Read(ref _publishedSequence.Value) < sequence)
        {
            if (_failure is { } failure)
            {
                // Every block published before the failure has been taken: fail as a cursor of its own would have.
                if (Volatile.Read(ref _publishedSequence.Value) < sequence)
                {
                    failure.Throw();
                }

                break;
            }

            // Reset, check, wait: a publish between the check and the wait leaves the event set, so none is missed.
            published.Reset();
            if (Volatile.Read(ref _publishedSequence.Value) >= sequence || _failure is not null)
            {
                continue;
            }

            published.Wait();
        }
    }

    private void ReadAll()
    {
        try
        {
            for (long sequence = 0; ; sequence++)
            {
                if (!WaitForSpace(sequence))
                {
                    // Stopped early: a cursor still waiting for a block must not wait forever.
                    _failure = ExceptionDispatchInfo.Capture(new ObjectDisposedException(nameof(SharedBlockReader), "The shared journal read was disposed while a cursor was reading."));
                    SignalPublished();
                    return;
                }

                DecodedBlock block = _slots[sequence & Mask];
                block.IssuesBefore.Clear();
                block.HasRecords = false;
                _filling = block;
                bool more = _reader.TryRead(block, _readerIssues);
                Volatile.Write(ref _publishedSequence.Value, sequence);
                SignalPublished();
                if (!more)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            _failure = ExceptionDispatchInfo.Capture(exception);
            SignalPublished();
        }
    }

    /// <summary>Waits until every partition has released the block slot <paramref name="sequence"/> reuses; false to stop.</summary>
    private bool WaitForSpace(long sequence)
    {
        long needed = sequence - BlocksInFlight;
        while (true)
        {
            if (_stopping)
            {
                return false;
            }

            long slowest = SlowestReleased();
            if (slowest == long.MaxValue)
            {
                // Every cursor is disposed: nobody will read further.
                return false;
            }

            if (slowest >= needed)
            {
                return true;
            }

            _space.Reset();
            if (_stopping || SlowestReleased() >= needed)
            {
                continue;
            }

            _space.Wait();
        }
    }

    private long SlowestReleased()
    {
        long slowest = long.MaxValue;
        for (int i = 0; i < _released.Length; i++)
        {
            slowest = Math.Min(slowest, Volatile.Read(ref _released[i].Value));
        }

        return slowest;
    }

    private void SignalPublished()
    {
        foreach (ManualResetEventSlim published in _published)
        {
            published.Set();
        }
    }

    private static JournalQuery ForPartition(JournalQuery query, int partition, int count) => new()
    {
        FromSequence = query.FromSequence,
        ToSequence = query.ToSequence,
        FromTimeNs = query.FromTimeNs,
        ToTimeNs = query.ToTimeNs,
        Instruments = query.Instruments,
        FilterControlEvents = query.FilterControlEvents,
        PartitionCount = count,
        PartitionIndex = partition,
    };

    /// <summary>A sequence alone on its cache line, so the threads that write neighbouring ones do not contend.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedSequence
    {
        [FieldOffset(64)]
        public long Value;
    }
}
