using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>Rebuilds one stream's rows for a journal range.</summary>
/// <typeparam name="TRow">The stream's row type.</typeparam>
internal interface ICatchUpSource<TRow>
    where TRow : unmanaged
{
    /// <summary>The last journal sequence readable now.</summary>
    long ReadableEnd { get; }

    /// <summary>
    /// Puts the rows of journal events [<paramref name="from"/>, <paramref name="to"/>] into <paramref name="batch"/>
    /// (reset by the caller to start at <paramref name="from"/>), calling <paramref name="flush"/> whenever it is full
    /// (with <see cref="RowBatch{TRow}.LastSequence"/> set; the flush resets it) and once at the end with LastSequence =
    /// <paramref name="to"/>. Returns the number of journal events read.
    /// </summary>
    long Read(long from, long to, RowBatch<TRow> batch, Action<RowBatch<TRow>> flush, CancellationToken cancellation);
}
