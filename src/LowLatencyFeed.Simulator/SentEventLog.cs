using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// The events one connection sent, in wire order: held in memory, or (with <see cref="SimulatorOptions.SentEventsDirectory"/>)
/// appended to a file as raw <see cref="MarketEvent"/>s, so that a long run's capture costs disk instead of memory and is
/// read back as a stream. Thread-safe: the send loop appends while readers take snapshots.
/// </summary>
internal sealed class SentEventLog : IDisposable
{
    private const int ReadChunk = 4096;
    private readonly Lock _lock = new();
    private readonly List<MarketEvent>? _memory;
    private readonly string? _path;
    private FileStream? _file;
    private long _count;

    /// <summary>A log in memory (<paramref name="path"/> null) or in the file <paramref name="path"/> (created).</summary>
    public SentEventLog(string? path)
    {
        _path = path;
        if (path is null)
        {
            _memory = [];
        }
        else
        {
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        }
    }

    /// <summary>Events appended so far.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Appends <paramref name="events"/>.</summary>
    public void Append(ReadOnlySpan<MarketEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            if (_memory is not null)
            {
                _memory.AddRange(events);
            }
            else if (_file is not null)
            {
                _file.Write(MemoryMarshal.AsBytes(events));
            }
            else
            {
                // Closed (the connection ended): nothing is sent after that.
                return;
            }

            _count += events.Length;
        }
    }

    /// <summary>Every event appended so far, as one array (a long file-backed log is better read with <see cref="Read"/>).</summary>
    public MarketEvent[] ToArray()
    {
        if (_memory is not null)
        {
            lock (_lock)
            {
                return [.. _memory];
            }
        }

        var all = new List<MarketEvent>();
        foreach (MarketEvent e in Read())
        {
            all.Add(e);
        }

        return [.. all];
    }

    /// <summary>The events appended until this call, streamed in order (a file-backed log holds one chunk in memory).</summary>
    public IEnumerable<MarketEvent> Read()
    {
        if (_memory is not null)
        {
            return ToArray();
        }

        long count;
        lock (_lock)
        {
            _file?.Flush();
            count = _count;
        }

        return ReadFile(_path!, count);
    }

    /// <summary>Stops appending and closes the file (its events stay readable).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private static IEnumerable<MarketEvent> ReadFile(string path, long count)
    {
        var chunk = new MarketEvent[ReadChunk];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        long left = count;
        while (left > 0)
        {
            int n = (int)Math.Min(left, chunk.Length);
            stream.ReadExactly(MemoryMarshal.AsBytes(chunk.AsSpan(0, n)));
            for (int i = 0; i < n; i++)
            {
                yield return chunk[i];
            }

            left -= n;
        }
    }
}
