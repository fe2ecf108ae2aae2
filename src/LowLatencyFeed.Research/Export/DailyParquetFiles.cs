using System.Globalization;
using Parquet;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// One export table's files, one per UTC day of the row time: <c>OUT/&lt;table&gt;/&lt;yyyy-MM-dd&gt;.parquet</c>.
/// At most two days are open at once (rows near midnight arrive out of day order); opening a third closes the oldest.
/// A row for a day whose file was already closed opens a further part (<c>&lt;yyyy-MM-dd&gt;.part2.parquet</c>), so
/// memory stays two row groups per table however long the journal.
/// </summary>
internal sealed class DailyParquetFiles<TBuffer> : IDisposable
    where TBuffer : TableBuffer
{
    private const long NanosecondsPerDay = 86_400_000_000_000;
    private const int MaxOpenDays = 2;

    private readonly string _directory;
    private readonly Func<TBuffer> _createBuffer;
    private readonly List<OpenFile> _open = new(MaxOpenDays + 1);
    private readonly Dictionary<long, int> _partsPerDay = [];
    private readonly List<string> _written = [];

    public DailyParquetFiles(string outDirectory, string table, Func<TBuffer> createBuffer)
    {
        Table = table;
        _directory = Path.Combine(outDirectory, table);
        _createBuffer = createBuffer;
    }

    public string Table { get; }

    public long Rows { get; private set; }

    /// <summary>Files written so far (paths), in the order they were opened.</summary>
    public IReadOnlyList<string> Files => _written;

    /// <summary>The buffer for the day of <paramref name="timeNs"/>: fill one row, then call <see cref="Added"/>.</summary>
    public TBuffer For(long timeNs)
    {
        long day = Math.DivRem(timeNs, NanosecondsPerDay, out long rest) - (rest < 0 ? 1 : 0);
        for (int i = 0; i < _open.Count; i++)
        {
            if (_open[i].Day == day)
            {
                return _open[i].Buffer;
            }
        }

        if (_open.Count == MaxOpenDays)
        {
            int oldest = _open[0].Day <= _open[1].Day ? 0 : 1;
            Close(_open[oldest]);
            _open.RemoveAt(oldest);
        }

        var file = Open(day);
        _open.Add(file);
        return file.Buffer;
    }

    /// <summary>After a row was filled in <paramref name="buffer"/>: writes a row group when it is full.</summary>
    public void Added(TBuffer buffer)
    {
        Rows++;
        if (buffer.IsFull)
        {
            for (int i = 0; i < _open.Count; i++)
            {
                if (ReferenceEquals(_open[i].Buffer, buffer))
                {
                    buffer.FlushAsync(_open[i].Writer).GetAwaiter().GetResult();
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (OpenFile file in _open)
        {
            Close(file);
        }

        _open.Clear();
    }

    private OpenFile Open(long day)
    {
        Directory.CreateDirectory(_directory);
        int part = _partsPerDay.TryGetValue(day, out int parts) ? parts + 1 : 1;
        _partsPerDay[day] = part;
        string date = DateTime.UnixEpoch.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string name = part == 1 ? date + ".parquet" : string.Create(CultureInfo.InvariantCulture, $"{date}.part{part}.parquet");
        string path = Path.Combine(_directory, name);
        TBuffer buffer = _createBuffer();
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        try
        {
            var writer = ParquetWriter.CreateAsync(buffer.Schema(), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
            _written.Add(path);
            return new OpenFile(day, buffer, writer, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void Close(OpenFile file)
    {
        file.Buffer.FlushAsync(file.Writer).GetAwaiter().GetResult();
        file.Writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        file.Stream.Dispose();
    }

    private sealed record OpenFile(long Day, TBuffer Buffer, ParquetWriter Writer, FileStream Stream);
}
