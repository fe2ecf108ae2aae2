using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Csv;

/// <summary>
/// The row loop shared by the CSV masters: header by name, one row at a time, and the checks that make a bad file fail
/// whole rather than half-load: an empty file, a header without rows, a row with fewer fields than the header (a file
/// cut short, or a malformed row), a stream ending inside quotes, and any value that does not parse.
/// </summary>
public abstract class CsvMasterParser
{
    private CsvRowReader? _row;
    private string _source = "";

    /// <summary>The broker whose format this is.</summary>
    public abstract BrokerKind Broker { get; }

    /// <summary>Rows skipped because they are outside what the host can subscribe to (e.g. an unknown segment).</summary>
    public long SkippedRows { get; private set; }

    /// <summary>Parses <paramref name="stream"/> (named <paramref name="source"/> in errors) and appends its rows.</summary>
    public void Parse(Stream stream, string source, List<MasterInstrument> into)
    {
        using var reader = new CsvRowReader(stream);
        _row = reader;
        _source = source;
        try
        {
            if (!reader.ReadRow())
            {
                throw Fail("(header)", "the file is empty");
            }

            CsvHeader header = CsvHeader.FromRow(reader);
            BindColumns(header, source);
            int minimumFields = header.TrailingEmptyColumn ? header.Count - 1 : header.Count;
            long rows = 0;
            while (reader.ReadRow())
            {
                if (!reader.QuotesBalanced)
                {
                    throw Fail("(row)", "the file ends inside a quoted field: it is truncated");
                }

                // Every master ends its last row with a line end: a row without one is a file cut short, even when the
                // cut fell inside its last field and the field count still matches.
                if (!reader.RowTerminated)
                {
                    throw Fail("(row)", "the last row has no line end: the file is truncated");
                }

                if (reader.FieldCount < minimumFields)
                {
                    throw Fail("(row)", $"the row has {reader.FieldCount} fields but the header has {header.Count}: the row is malformed");
                }

                rows++;
                if (ParseRow(reader) is { } instrument)
                {
                    into.Add(instrument);
                }
                else
                {
                    SkippedRows++;
                }
            }

            if (rows == 0)
            {
                throw Fail("(rows)", "the file has a header but no rows");
            }
        }
        finally
        {
            _row = null;
        }
    }

    /// <summary>Looks up the columns this format needs (<see cref="CsvHeader.Require"/> fails on a missing one).</summary>
    protected abstract void BindColumns(CsvHeader header, string source);

    /// <summary>One row as an instrument, or null to skip it.</summary>
    protected abstract MasterInstrument? ParseRow(CsvRowReader row);

    /// <summary>A format error at the current row naming <paramref name="field"/>.</summary>
    protected InstrumentMasterFormatException Fail(string field, string problem) =>
        new(Broker, _source, _row?.LineNumber ?? 0, field, problem);

    /// <summary>An integer field, or a format error naming it.</summary>
    protected long Int64(CsvRowReader row, int column, string name) =>
        FieldText.TryParseInt64(row.Field(column), out long value) ? value : throw Fail(name, $"'{FieldText.Text(row.Field(column))}' is not an integer");

    /// <summary>A decimal field, or a format error naming it.</summary>
    protected decimal Decimal(CsvRowReader row, int column, string name) =>
        FieldText.TryParseDecimal(row.Field(column), out decimal value) ? value : throw Fail(name, $"'{FieldText.Text(row.Field(column))}' is not a number");

    /// <summary>A date field (empty → null), or a format error naming it.</summary>
    protected DateOnly? Date(CsvRowReader row, int column, string name) =>
        FieldText.TryParseDate(row.Field(column), out DateOnly? value) ? value : throw Fail(name, $"'{FieldText.Text(row.Field(column))}' is not a YYYY-MM-DD date");

    /// <summary>A field that must not be empty.</summary>
    protected ReadOnlySpan<byte> Required(CsvRowReader row, int column, string name)
    {
        ReadOnlySpan<byte> field = FieldText.Trim(row.Field(column));
        return field.IsEmpty ? throw Fail(name, "is empty") : field;
    }
}
