using System.Text;
using System.Text.Json;
using LowLatencyFeed.Journal.Tools;

namespace LowLatencyFeed.Replay;

/// <summary>
/// The file under a replay output writer: CSV after a header line, or JSON Lines. The writer fills one row at a time
/// (<see cref="StartCsvRow"/>/<see cref="EndCsvRow"/> or <see cref="StartJsonRow"/>/<see cref="EndJsonRow"/>).
/// </summary>
internal sealed class RowFileOutput : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter? _text;
    private readonly Utf8JsonWriter? _json;
    private readonly CsvLineBuilder _line = new();

    public RowFileOutput(string path, ReplayOutputFormat format, string csvHeader)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        if (format == ReplayOutputFormat.Csv)
        {
            _text = new StreamWriter(_stream, new UTF8Encoding(false), 1 << 16);
            _text.Write(csvHeader);
            _text.Write('\n');
        }
        else
        {
            _json = new Utf8JsonWriter(_stream);
        }
    }

    /// <summary>True when rows are CSV lines, false for JSON Lines.</summary>
    public bool IsCsv => _text is not null;

    /// <summary>An empty CSV line to add the row's fields to.</summary>
    public CsvLineBuilder StartCsvRow()
    {
        _line.Clear();
        return _line;
    }

    /// <summary>Writes the CSV line built since <see cref="StartCsvRow"/>.</summary>
    public void EndCsvRow() => _line.WriteTo(_text!);

    /// <summary>The JSON writer, inside a new object for the row's properties.</summary>
    public Utf8JsonWriter StartJsonRow()
    {
        _json!.WriteStartObject();
        return _json;
    }

    /// <summary>Closes the row's object and ends its line.</summary>
    public void EndJsonRow()
    {
        _json!.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset();
    }

    public void Dispose()
    {
        _text?.Dispose();
        _json?.Dispose();
        _stream.Dispose();
    }
}
