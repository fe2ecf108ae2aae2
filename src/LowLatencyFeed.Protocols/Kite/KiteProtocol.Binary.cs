using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using L = LowLatencyFeed.Protocols.Kite.KitePacketLayout;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>The binary frame loop and its fault handling.</summary>
public sealed partial class KiteProtocol
{
    private int DecodeBinary<TSink>(ReadOnlySpan<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        var reader = new KiteSpanReader(message);
        return DecodeFrame(ref reader, receiveTimeNs, ref sink);
    }

    [SkipLocalsInit]
    private int DecodeBinaryMultiSegment<TSink>(in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        Span<byte> scratch = stackalloc byte[L.MaxLength];
        var reader = new KiteSequenceReader(message, scratch);
        return DecodeFrame(ref reader, receiveTimeNs, ref sink);
    }

    private int DecodeFrame<TReader, TSink>(ref TReader reader, long receiveTimeNs, ref TSink sink)
        where TReader : IKiteFrameReader, allows ref struct
        where TSink : IEventSink
    {
        int events = 0;
        if (!reader.TryReadUInt16(out ushort count))
        {
            if (reader.Length == 1)
            {
                Increment(ref _heartbeats);
            }
            else
            {
                ReportEmpty(ref reader);
            }
        }
        else if (DecodePackets(ref reader, 0, count, count, receiveTimeNs, ref sink, ref events) && reader.Remaining > 0)
        {
            DecodeTrailing(ref reader, count, receiveTimeNs, ref sink, ref events);
        }

        Diagnostics.CountMessage(events);
        return events;
    }

    /// <summary>Decodes packets <paramref name="first"/>..<paramref name="end"/>; false when framing broke and the rest is unreadable.</summary>
    private bool DecodePackets<TReader, TSink>(ref TReader reader, int first, int end, int declared, long receiveTimeNs, ref TSink sink, ref int events)
        where TReader : IKiteFrameReader, allows ref struct
        where TSink : IEventSink
    {
        for (int index = first; index < end; index++)
        {
            long at = reader.Consumed;
            if (!reader.TryReadUInt16(out ushort length))
            {
                ReportMissingPacket(ref reader, index, declared, at);
                return false;
            }

            if (length > reader.Remaining)
            {
                ReportOverrun(ref reader, index, declared, length, at);
                return false;
            }

            if (!L.IsKnownLength(length))
            {
                reader.Skip(length);
                ReportUnknownLength(ref reader, index, declared, length, at);
                continue;
            }

            ReadOnlySpan<byte> packet = reader.ReadPacket(length);
            int published = KitePacketDecoder.Decode(packet, receiveTimeNs, _sessionId, ref sink);
            if (published < 0)
            {
                ReportUnknownSegment(ref reader, index, declared, BinaryPrimitives.ReadUInt32BigEndian(packet), at);
            }
            else
            {
                events += published;
            }
        }

        return true;
    }

    /// <summary>
    /// Bytes after the declared packets: if they are whole length-prefixed packets the count was understated, so the
    /// fault is counted and the packets are still decoded; otherwise they are garbage and ignored.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DecodeTrailing<TReader, TSink>(ref TReader reader, int declared, long receiveTimeNs, ref TSink sink, ref int events)
        where TReader : IKiteFrameReader, allows ref struct
        where TSink : IEventSink
    {
        long at = reader.Consumed;
        long remaining = reader.Remaining;
        TReader probe = reader;
        int extra = 0;
        while (probe.Remaining > 0)
        {
            if (!probe.TryReadUInt16(out ushort length) || length > probe.Remaining)
            {
                extra = -1;
                break;
            }

            probe.Skip(length);
            extra++;
        }

        if (extra > 0)
        {
            reader.Report(Diagnostics, ParseErrorReason.BadLengthPrefix, $"packet count says {declared} but {extra} more length-prefixed packet(s) ({remaining} bytes) follow; decoding them too", at);
            DecodePackets(ref reader, declared, declared + extra, declared + extra, receiveTimeNs, ref sink, ref events);
        }
        else
        {
            reader.Report(Diagnostics, ParseErrorReason.Garbage, $"{remaining} byte(s) after the {declared} declared packet(s) do not form a length-prefixed packet; ignored", at);
            reader.Skip((int)remaining);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportEmpty<TReader>(ref TReader reader)
        where TReader : IKiteFrameReader, allows ref struct
    {
        reader.Report(Diagnostics, ParseErrorReason.Truncated, $"empty binary message: no packet count", 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissingPacket<TReader>(ref TReader reader, int index, int declared, long at)
        where TReader : IKiteFrameReader, allows ref struct
    {
        if (reader.Remaining == 0)
        {
            reader.Report(Diagnostics, ParseErrorReason.BadLengthPrefix, $"packet count says {declared} but the message ends after {index} packet(s)", at);
        }
        else
        {
            reader.Report(Diagnostics, ParseErrorReason.Truncated, $"message ends inside the length prefix of packet {index + 1} of {declared}", at);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportOverrun<TReader>(ref TReader reader, int index, int declared, int length, long at)
        where TReader : IKiteFrameReader, allows ref struct
    {
        // A known size cut short means the frame was truncated; any other size means the prefix itself is wrong.
        if (L.IsKnownLength(length))
        {
            reader.Report(Diagnostics, ParseErrorReason.Truncated, $"packet {index + 1} of {declared} declares {length} bytes but only {reader.Remaining} remain; frame truncated", at);
        }
        else
        {
            reader.Report(Diagnostics, ParseErrorReason.BadLengthPrefix, $"length prefix {length} of packet {index + 1} of {declared} runs past the end ({reader.Remaining} bytes remain)", at);
        }

        reader.Skip((int)reader.Remaining);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownLength<TReader>(ref TReader reader, int index, int declared, int length, long at)
        where TReader : IKiteFrameReader, allows ref struct
    {
        reader.Report(Diagnostics, ParseErrorReason.UnknownPacketLength, $"packet {index + 1} of {declared} has length {length}, not 8/28/32/44/184; skipped", at);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownSegment<TReader>(ref TReader reader, int index, int declared, uint token, long at)
        where TReader : IKiteFrameReader, allows ref struct
    {
        reader.Report(Diagnostics, ParseErrorReason.InvalidValue, $"packet {index + 1} of {declared} has token {token} of exchange segment {token & 0xFF}, which has no known price divisor; skipped", at);
    }
}
