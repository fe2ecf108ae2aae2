using Parquet;
using Parquet.Schema;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// A typed column buffer of one open Parquet file: values are set by row index and handed to the row group writer
/// as a whole when the row group is full. Preallocated to the row group size, so memory stays bounded.
/// </summary>
internal abstract class ParquetColumn
{
    protected ParquetColumn(DataField field) => Field = field;

    public DataField Field { get; }

    public abstract Task WriteAsync(ParquetRowGroupWriter group, int count);
}

/// <summary>A non-null <c>INT64</c> column.</summary>
internal sealed class Int64Column(string name, int capacity) : ParquetColumn(new DataField<long>(name, false))
{
    public readonly long[] Values = new long[capacity];

    public override Task WriteAsync(ParquetRowGroupWriter group, int count) => group.WriteAsync(Field, new ReadOnlyMemory<long>(Values, 0, count));
}

/// <summary>A non-null <c>INT32</c> column.</summary>
internal sealed class Int32Column(string name, int capacity) : ParquetColumn(new DataField<int>(name, false))
{
    public readonly int[] Values = new int[capacity];

    public override Task WriteAsync(ParquetRowGroupWriter group, int count) => group.WriteAsync(Field, new ReadOnlyMemory<int>(Values, 0, count));
}

/// <summary>A nullable <c>DOUBLE</c> column (null where a value is absent, e.g. an indicator's unused outputs).</summary>
internal sealed class DoubleColumn(string name, int capacity) : ParquetColumn(new DataField<double?>(name, true))
{
    public readonly double?[] Values = new double?[capacity];

    public override Task WriteAsync(ParquetRowGroupWriter group, int count) => group.WriteAsync(Field, new ReadOnlyMemory<double?>(Values, 0, count));
}

/// <summary>A non-null UTF-8 string column (instrument labels, indicator labels: few distinct values, dictionary-encoded).</summary>
internal sealed class StringColumn(string name, int capacity) : ParquetColumn(new DataField<string>(name, false))
{
    public readonly string[] Values = new string[capacity];

    public override Task WriteAsync(ParquetRowGroupWriter group, int count) => group.WriteAsync(Field, new ArraySegment<string>(Values, 0, count));
}

/// <summary>
/// A timestamp column, <c>TIMESTAMP(NANOS, UTC)</c>: readers see a time type. .NET's <see cref="DateTime"/> resolves
/// 100 ns, so every table also carries the exact nanoseconds in an <c>INT64</c> column beside it.
/// </summary>
internal sealed class TimestampColumn(string name, int capacity)
    : ParquetColumn(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Nanos, false))
{
    public readonly DateTime[] Values = new DateTime[capacity];

    public void Set(int row, long unixNs) => Values[row] = DateTime.UnixEpoch.AddTicks(unixNs / 100);

    public override Task WriteAsync(ParquetRowGroupWriter group, int count) => group.WriteAsync(Field, new ReadOnlyMemory<DateTime>(Values, 0, count));
}

/// <summary>
/// A Parquet <c>DECIMAL(precision, scale)</c> column filled from fixed-point mantissas: exact, as the database's
/// <c>numeric</c>. A mantissa with more decimals than the column's scale cannot be stored exactly and is refused by
/// <see cref="TrySet(int, long, int)"/> (the caller counts and skips the row). Nullable columns hold null where the
/// event did not carry the field.
/// </summary>
internal sealed class DecimalColumn(string name, int capacity, int precision, int scale, bool nullable = false)
    : ParquetColumn(new DecimalDataField(name, precision, scale, isNullable: nullable))
{
    private readonly decimal[] _values = new decimal[nullable ? 0 : capacity];
    private readonly decimal?[] _nullable = new decimal?[nullable ? capacity : 0];

    public int Scale { get; } = scale;

    /// <summary>Stores <paramref name="mantissa"/> × 10^−<paramref name="decimals"/>; false when decimals exceed the scale.</summary>
    public bool TrySet(int row, long mantissa, int decimals)
    {
        if (decimals > Scale)
        {
            return false;
        }

        decimal value = FixedPoint.ToDecimal(mantissa, decimals);
        if (_nullable.Length > 0)
        {
            _nullable[row] = value;
        }
        else
        {
            _values[row] = value;
        }

        return true;
    }

    /// <summary>Stores an exact <see cref="Int128"/> mantissa; false (and null) when it does not fit (nullable columns only).</summary>
    public bool TrySet(int row, Int128 mantissa, int decimals)
    {
        decimal value = 0;
        bool fits = decimals <= Scale && FixedPoint.TryToDecimal(mantissa, decimals, out value);
        _nullable[row] = fits ? value : null;
        return fits;
    }

    /// <summary>Null in row <paramref name="row"/> (nullable columns only).</summary>
    public void SetNull(int row) => _nullable[row] = null;

    public override Task WriteAsync(ParquetRowGroupWriter group, int count) => _nullable.Length > 0
        ? group.WriteAsync(Field, new ReadOnlyMemory<decimal?>(_nullable, 0, count))
        : group.WriteAsync(Field, new ReadOnlyMemory<decimal>(_values, 0, count));
}
