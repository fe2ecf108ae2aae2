using System.Buffers;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// Collects the WebSocket messages a feed session produces in one step (a data frame, several JSON messages, replies)
/// and the events a client should decode from them. Feeds write a message as
/// <c>BeginFrame(kind)</c> → write into the returned buffer → <c>EndFrame()</c>. Reused; not thread-safe.
/// </summary>
public sealed class SimulatedFrameWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<(int Start, int Length, MessageKind Kind)> _frames = [];
    private readonly List<MarketEvent>? _sent;
    private int _frameStart = -1;
    private MessageKind _frameKind;

    /// <summary>Creates a writer; with <paramref name="captureEvents"/> false, <see cref="Sent"/> is a no-op.</summary>
    public SimulatedFrameWriter(bool captureEvents = true) => _sent = captureEvents ? [] : null;

    /// <summary>Messages completed since the last reset.</summary>
    public int FrameCount => _frames.Count;

    /// <summary>Whether <see cref="Sent"/> records events (capture enabled); feeds may skip building them when false.</summary>
    public bool IsCapturing => _sent is not null;

    /// <summary>Starts a message; write its bytes into the returned buffer, then call <see cref="EndFrame"/>.</summary>
    public IBufferWriter<byte> BeginFrame(MessageKind kind)
    {
        if (_frameStart >= 0)
        {
            throw new InvalidOperationException("EndFrame was not called for the previous message.");
        }

        _frameStart = _buffer.WrittenCount;
        _frameKind = kind;
        return _buffer;
    }

    /// <summary>Ends the message begun by <see cref="BeginFrame"/>.</summary>
    public void EndFrame()
    {
        if (_frameStart < 0)
        {
            throw new InvalidOperationException("EndFrame without BeginFrame.");
        }

        _frames.Add((_frameStart, _buffer.WrittenCount - _frameStart, _frameKind));
        _frameStart = -1;
    }

    /// <summary>Writes a whole message in one call.</summary>
    public void WriteFrame(ReadOnlySpan<byte> payload, MessageKind kind)
    {
        IBufferWriter<byte> output = BeginFrame(kind);
        output.Write(payload);
        EndFrame();
    }

    /// <summary>Records an event a correct client will decode from the messages written, in wire order (ignored unless capturing).</summary>
    public void Sent(in MarketEvent e) => _sent?.Add(e);

    /// <summary>Message <paramref name="index"/> (0-based) and its kind; valid until <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Frame(int index, out MessageKind kind)
    {
        (int start, int length, MessageKind frameKind) = _frames[index];
        kind = frameKind;
        return _buffer.WrittenMemory.Slice(start, length);
    }

    /// <summary>The events recorded by <see cref="Sent"/> since the last reset or clear, in order (empty unless capturing).</summary>
    public ReadOnlySpan<MarketEvent> SentEvents => _sent is null ? default : CollectionsMarshal.AsSpan(_sent);

    /// <summary>Forgets the events recorded by <see cref="Sent"/> (after they were taken from <see cref="SentEvents"/>).</summary>
    public void ClearSentEvents() => _sent?.Clear();

    /// <summary>Moves the events recorded by <see cref="Sent"/> to <paramref name="destination"/>, in order.</summary>
    public void MoveSentEventsTo(List<MarketEvent> destination)
    {
        if (_sent is { Count: > 0 })
        {
            destination.AddRange(_sent);
            _sent.Clear();
        }
    }

    /// <summary>Forgets every message and event, keeping the buffers.</summary>
    public void Reset()
    {
        _buffer.ResetWrittenCount();
        _frames.Clear();
        _frameStart = -1;
        _sent?.Clear();
    }
}
