using System.Net.WebSockets;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator;

/// <summary>Wire faults: extra garbage and truncated messages, fragmented sends, and their counters.</summary>
public sealed partial class SimulatorConnection
{
    private const ulong FaultSeedSalt = 0x6A09E667F3BCC909UL;
    private const int MinNoiseBytes = 8;
    private const int MaxNoiseBytes = 64;

    private static readonly int s_faultKinds = Enum.GetValues<SimulatorFault>().Length;

    private readonly long[] _faults = new long[s_faultKinds];
    private readonly byte[] _noise = new byte[MaxNoiseBytes];
    private readonly SimulatedFrameWriter _faultFrames = new(captureEvents: false);
    private DeterministicRandom _faultRandom;
    private bool _truncationDue;
    private byte[] _lastCut = [];
    private int _lastCutLength;
    private MessageKind _lastCutKind;
    private bool _faultsUnsupportedLogged;

    /// <summary>How many times <paramref name="fault"/> was injected into this connection so far.</summary>
    public long FaultsInjected(SimulatorFault fault) => Volatile.Read(ref _faults[(int)fault]);

    private void CountFault(SimulatorFault fault) => Interlocked.Increment(ref _faults[(int)fault]);

    /// <summary>Caps a batch so it ends exactly where the next garbage or truncation fault is due.</summary>
    private int LimitToNextFault(int count)
    {
        count = UntilMultiple(count, _options.GarbageEveryMessages);
        return UntilMultiple(count, _options.TruncateEveryMessages);
    }

    private int UntilMultiple(int count, long every) => every > 0 ? (int)Math.Min(count, every - (_messagesSent % every)) : count;

    /// <summary>
    /// After a batch of data messages brought the total to <paramref name="sent"/>: sends the truncated copy of the
    /// batch's last message that can be cut, and the garbage message, when due. When the batch has no message that can
    /// be cut, the truncated copy sent last goes again, so exactly one truncation goes out per
    /// <see cref="SimulatorOptions.TruncateEveryMessages"/> messages and the count never depends on how batches fell
    /// or on where the stream ended. Only a truncation due before anything could ever be cut waits for the next batch.
    /// </summary>
    private async Task InjectFaultsAsync(WebSocket socket, SimulatedFrameWriter frames, long sent, CancellationToken cancellationToken)
    {
        long truncateEvery = _options.TruncateEveryMessages;
        long garbageEvery = _options.GarbageEveryMessages;
        _truncationDue |= truncateEvery > 0 && sent % truncateEvery == 0;
        bool garbageDue = garbageEvery > 0 && sent % garbageEvery == 0;
        if (!_truncationDue && !garbageDue)
        {
            return;
        }

        if (_session is not ISimulatedFaultWriter writer)
        {
            if (!_faultsUnsupportedLogged)
            {
                _faultsUnsupportedLogged = true;
                _logger.LogWarning("Simulator connection {Id} ({Path}): this feed cannot inject garbage or truncated messages", Id, Path);
            }

            _truncationDue = false;
            return;
        }

        if (_truncationDue)
        {
            // The batch's last message that the feed can cut (a control frame cannot be).
            for (int index = frames.FrameCount - 1; index >= 0 && _truncationDue; index--)
            {
                ReadOnlyMemory<byte> message = frames.Frame(index, out MessageKind kind);
                int length;
                lock (_sessionLock)
                {
                    length = writer.TruncatedLength(message.Span, kind, _faultRandom.NextUInt64());
                }

                if (length > 0 && length < message.Length)
                {
                    RememberCut(message.Span[..length], kind);
                    await SendTruncationAsync(socket, _lastCut.AsMemory(0, _lastCutLength), kind, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_truncationDue && _lastCutLength > 0)
            {
                // The copy cut last goes again: as good a fault as a cut of this batch, the decoder rejects it whole.
                await SendTruncationAsync(socket, _lastCut.AsMemory(0, _lastCutLength), _lastCutKind, cancellationToken).ConfigureAwait(false);
            }
        }

        if (garbageDue)
        {
            int noiseLength = _faultRandom.Next(MinNoiseBytes, MaxNoiseBytes);
            for (int i = 0; i < noiseLength; i++)
            {
                _noise[i] = (byte)_faultRandom.NextUInt64();
            }

            _faultFrames.Reset();
            lock (_sessionLock)
            {
                writer.WriteGarbage(_noise.AsSpan(0, noiseLength), _faultFrames);
            }

            await SendFramesAsync(socket, _faultFrames, cancellationToken).ConfigureAwait(false);
            CountFault(SimulatorFault.Garbage);
        }
    }

    private async ValueTask SendTruncationAsync(WebSocket socket, ReadOnlyMemory<byte> truncated, MessageKind kind, CancellationToken cancellationToken)
    {
        _truncationDue = false;
        await SendAsync(socket, truncated, kind, cancellationToken).ConfigureAwait(false);
        CountFault(SimulatorFault.Truncation);
    }

    /// <summary>Keeps the truncated copy just made, to send again when a due truncation finds nothing to cut.</summary>
    private void RememberCut(ReadOnlySpan<byte> message, MessageKind kind)
    {
        if (_lastCut.Length < message.Length)
        {
            _lastCut = new byte[message.Length];
        }

        message.CopyTo(_lastCut);
        _lastCutLength = message.Length;
        _lastCutKind = kind;
    }

    /// <summary>One message: whole, or in fragments of <see cref="SimulatorOptions.FragmentBytes"/> with a pause between them.</summary>
    private async ValueTask SendAsync(WebSocket socket, ReadOnlyMemory<byte> payload, MessageKind kind, CancellationToken cancellationToken)
    {
        WebSocketMessageType type = kind == MessageKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        int fragment = _options.FragmentBytes;
        if (fragment == 0 || payload.Length <= fragment)
        {
            await SendFragmentAsync(socket, payload, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            for (int offset = 0; offset < payload.Length; offset += fragment)
            {
                if (offset > 0 && _options.FragmentDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_options.FragmentDelay, cancellationToken).ConfigureAwait(false);
                }

                int length = Math.Min(fragment, payload.Length - offset);
                await SendFragmentAsync(socket, payload.Slice(offset, length), type, offset + length == payload.Length, cancellationToken).ConfigureAwait(false);
            }

            CountFault(SimulatorFault.FragmentedMessage);
        }

        Volatile.Write(ref _framesSent, _framesSent + 1);
        Volatile.Write(ref _bytesSent, _bytesSent + payload.Length);
    }

    /// <summary>
    /// Awaits every send, so a client that reads slowly holds the send loop here: what is in flight is bounded by the
    /// transport's buffers, and the simulator never queues generated data of its own.
    /// </summary>
    private async ValueTask SendFragmentAsync(WebSocket socket, ReadOnlyMemory<byte> payload, WebSocketMessageType type, bool endOfMessage, CancellationToken cancellationToken)
    {
        ValueTask sending = socket.SendAsync(payload, type, endOfMessage, cancellationToken);
        if (sending.IsCompleted)
        {
            await sending.ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _sendsWaited);
        _waitingOnClient = true;
        try
        {
            await sending.ConfigureAwait(false);
        }
        finally
        {
            _waitingOnClient = false;
        }
    }
}
