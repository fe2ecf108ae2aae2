using Parquet;
using Parquet.Schema;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// The column buffers of one export table for one open file: a row group's worth of rows (the capacity), written out
/// as one Parquet row group when full or when the file closes. Subclasses declare the columns and fill a row.
/// </summary>
internal abstract class TableBuffer
{
    private readonly List<ParquetColumn> _columns = [];

    protected TableBuffer(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    /// <summary>Rows filled since the last flush.</summary>
    public int Count { get; protected set; }

    public bool IsFull => Count == Capacity;

    public ParquetSchema Schema()
    {
        var fields = new Field[_columns.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = _columns[i].Field;
        }

        return new ParquetSchema(fields);
    }

    public async Task FlushAsync(ParquetWriter writer)
    {
        if (Count == 0)
        {
            return;
        }

        using (ParquetRowGroupWriter group = writer.CreateRowGroup())
        {
            foreach (ParquetColumn column in _columns)
            {
                await column.WriteAsync(group, Count).ConfigureAwait(false);
            }
        }

        Count = 0;
    }

    protected T Add<T>(T column)
        where T : ParquetColumn
    {
        _columns.Add(column);
        return column;
    }
}
