using System.Runtime.CompilerServices;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Books;

/// <summary>Publishing books to a <see cref="BookSnapshotBoard"/> for readers on other threads.</summary>
public sealed partial class BookBuilder
{
    private BookSnapshotBoard? _board;
    private BookMetricsValues _snapshotMetrics;
    private int[] _dirty = new int[64];
    private int _dirtyCount;

    /// <summary>The board books are published to, or null.</summary>
    public BookSnapshotBoard? SnapshotBoard => _board;

    /// <summary>Publishes books to <paramref name="board"/> from now on (call before the first event).</summary>
    public void AttachSnapshots(BookSnapshotBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        _board = board;
    }

    /// <summary>
    /// Copies every book changed since the last call to the board (the book thread, at batch end): one seqlock write
    /// per changed book, nothing allocated.
    /// </summary>
    public void PublishSnapshots()
    {
        BookSnapshotBoard? board = _board;
        if (board is null)
        {
            return;
        }

        for (int d = 0; d < _dirtyCount; d++)
        {
            ref BookEntry entry = ref _entries[_dirty[d]];
            entry.Dirty = false;
            BookMetricsCalculator.Compute(entry.Book, entry.PriceDecimals, ref _snapshotMetrics);
            DerivedFlags flags = entry.Stale ? entry.LastFlags | DerivedFlags.Stale : entry.LastFlags;
            board.Write(entry.Snapshot!, entry.Book, in _snapshotMetrics, flags, entry.LastUpdateNs, entry.LastSequence, entry.PriceDecimals, entry.QuantityDecimals);
        }

        _dirtyCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkDirty(ref BookEntry entry)
    {
        if (entry.Dirty || _board is null)
        {
            return;
        }

        entry.Dirty = true;
        if (_dirtyCount == _dirty.Length)
        {
            Array.Resize(ref _dirty, _dirty.Length * 2);
        }

        _dirty[_dirtyCount++] = entry.Index;
    }
}
