using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>Catch-up of a market stream (ticks, trades, quotes, depth): the same row extraction as the live stager, over the journal.</summary>
/// <typeparam name="TRow">The stream's row type.</typeparam>
internal sealed class MarketCatchUpSource<TRow> : ICatchUpSource<TRow>
    where TRow : unmanaged
{
    private readonly JournalSource _journal;
    private readonly RowsOf _rowsOf;
    private readonly Fill _fill;

    /// <summary>Rows the current event produces for this stream (0 when none).</summary>
    public delegate int RowsOf(JournalCursor cursor);

    /// <summary>Writes the current event's rows; returns how many.</summary>
    public delegate int Fill(JournalCursor cursor, Span<TRow> room);

    public MarketCatchUpSource(JournalSource journal, RowsOf rowsOf, Fill fill)
    {
        _journal = journal;
        _rowsOf = rowsOf;
        _fill = fill;
    }

    public long ReadableEnd => _journal.ReadableEnd;

    public long Read(long from, long to, RowBatch<TRow> batch, Action<RowBatch<TRow>> flush, CancellationToken cancellation)
    {
        long events = 0;
        using (JournalCursor cursor = _journal.Open(from, to))
        {
            while (cursor.MoveNext())
            {
                events++;
                long seq = cursor.Current.Header.Sequence;
                int rows = _rowsOf(cursor);
                if (rows == 0)
                {
                    continue;
                }

                rows = Math.Min(rows, batch.Rows.Length);
                if (batch.Free < rows)
                {
                    cancellation.ThrowIfCancellationRequested();
                    batch.LastSequence = seq - 1;
                    flush(batch);
                }

                batch.Count += _fill(cursor, batch.Rows.AsSpan(batch.Count, rows));
            }
        }

        batch.LastSequence = to;
        flush(batch);
        return events;
    }
}
