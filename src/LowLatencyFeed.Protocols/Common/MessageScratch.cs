using System.Buffers;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// Gives span-based parsers one contiguous view of a message that arrived in several pipe segments, by copying it
/// into a buffer kept per connection. The buffer starts at 64 KB on first use and grows only for a larger message,
/// so steady-state decoding does not allocate.
/// </summary>
public sealed class MessageScratch
{
    private const int InitialBytes = 64 * 1024;

    private byte[] _buffer = [];

    /// <summary>The message itself when it is one segment; otherwise a copy valid until the next call.</summary>
    public ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> message)
    {
        if (message.IsSingleSegment)
        {
            return message.FirstSpan;
        }

        if (message.Length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(InitialBytes, (int)Math.Min(int.MaxValue, message.Length))];
        }

        message.CopyTo(_buffer);
        return _buffer.AsSpan(0, (int)message.Length);
    }
}
