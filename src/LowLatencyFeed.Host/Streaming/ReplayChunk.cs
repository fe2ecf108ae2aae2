using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// Messages a replay wrote for the sender to send: one buffer, each message's end offset. Chunks are reused (a replay
/// keeps a few in circulation), so a long replay does not allocate per message.
/// </summary>
public sealed class ReplayChunk
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<int> _ends = [];
    private readonly List<bool> _binary = [];
    private readonly ConcurrentQueue<ReplayChunk> _pool;

    /// <summary>Creates a chunk that returns to <paramref name="pool"/> once sent.</summary>
    public ReplayChunk(ConcurrentQueue<ReplayChunk> pool)
    {
        _pool = pool;
        Json = new Utf8JsonWriter(_buffer);
    }

    /// <summary>The writer of the next message (reset after each).</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>Messages in the chunk.</summary>
    public int Count => _ends.Count;

    /// <summary>Bytes written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Ends the message just written.</summary>
    public void EndMessage()
    {
        Json.Flush();
        Json.Reset(_buffer);
        _ends.Add(_buffer.WrittenCount);
        _binary.Add(false);
    }

    /// <summary>Room for a binary message of at most <paramref name="maxBytes"/>; <see cref="EndBinaryMessage"/> ends it.</summary>
    public Span<byte> BinarySpan(int maxBytes) => _buffer.GetSpan(maxBytes);

    /// <summary>Ends the binary message of <paramref name="length"/> bytes written into <see cref="BinarySpan"/>.</summary>
    public void EndBinaryMessage(int length)
    {
        _buffer.Advance(length);
        _ends.Add(_buffer.WrittenCount);
        _binary.Add(true);
    }

    /// <summary>Whether message <paramref name="index"/> is binary (else JSON text).</summary>
    public bool IsBinary(int index) => _binary[index];

    /// <summary>Message <paramref name="index"/>'s UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Message(int index)
    {
        int start = index == 0 ? 0 : _ends[index - 1];
        return _buffer.WrittenMemory[start.._ends[index]];
    }

    /// <summary>Empties the chunk and returns it to its replay's pool.</summary>
    public void Recycle()
    {
        _buffer.ResetWrittenCount();
        _ends.Clear();
        _binary.Clear();
        Json.Reset(_buffer);
        _pool.Enqueue(this);
    }
}
