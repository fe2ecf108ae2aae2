using System.Text;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Csv;

/// <summary>
/// Column positions by name, read from a master's header row. Names are compared after trimming spaces and a trailing
/// ';' (Kotak's header has both, Kotak/README.md §12), so files are parsed by name, never by position
/// (Dhan/README.md §12). A missing required column is a changed header: the error names it.
/// </summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);

    private CsvHeader(int count, bool trailingEmpty)
    {
        Count = count;
        TrailingEmptyColumn = trailingEmpty;
    }

    /// <summary>Columns in the header, including an empty last one.</summary>
    public int Count { get; }

    /// <summary>The header ends with a comma (Dhan's detailed file): rows may then omit the empty last field.</summary>
    public bool TrailingEmptyColumn { get; }

    /// <summary>Reads the header from the reader's current row.</summary>
    public static CsvHeader FromRow(CsvRowReader reader)
    {
        bool trailingEmpty = reader.FieldCount > 0 && reader.Field(reader.FieldCount - 1).Trim((byte)' ').IsEmpty;
        var header = new CsvHeader(reader.FieldCount, trailingEmpty);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            string name = Normalize(Encoding.UTF8.GetString(reader.Field(i)));
            if (name.Length > 0)
            {
                header._columns.TryAdd(name, i);
            }
        }

        return header;
    }

    /// <summary>The position of <paramref name="name"/>, or a format error naming it.</summary>
    public int Require(BrokerKind broker, string source, string name)
    {
        if (_columns.TryGetValue(name, out int index))
        {
            return index;
        }

        throw new InstrumentMasterFormatException(broker, source, 1, name,
            $"the header has no such column (header changed upstream?); columns are: {string.Join(", ", _columns.Keys)}");
    }

    /// <summary>The position of <paramref name="name"/>, or -1.</summary>
    public int Optional(string name) => _columns.TryGetValue(name, out int index) ? index : -1;

    private static string Normalize(string name) => name.Trim().TrimEnd(';').Trim();
}
