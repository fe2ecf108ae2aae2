using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>The message loop and the control responses: connect (status, ACK interval) and request statuses.</summary>
public sealed partial class KotakHsmProtocol
{
    /// <summary>
    /// One binary message is one frame. Its leading uint16 is not checked: the SDK never reads it (it calls it
    /// "packetsCount"), and the frame boundary is the WebSocket message.
    /// </summary>
    private int DecodeBinary<TSink>(ReadOnlySpan<byte> message, KotakHsmTopicTable table, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (message.Length < L.HeaderLength)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"a {message.Length}-byte message cannot hold the {L.HeaderLength}-byte header (length, type)", message, 0);
            return 0;
        }

        byte type = message[L.Type];
        switch ((KotakHsmMessageType)type)
        {
            case KotakHsmMessageType.Data:
                return DecodeData(message, table, receiveTimeNs, ref sink);
            case KotakHsmMessageType.Connect:
                return DecodeConnect(message, receiveTimeNs, ref sink);
            case KotakHsmMessageType.Subscribe:
            case KotakHsmMessageType.Unsubscribe:
            case KotakHsmMessageType.ChannelPause:
            case KotakHsmMessageType.ChannelResume:
            case KotakHsmMessageType.Snapshot:
                DecodeStatus(message, (KotakHsmMessageType)type);
                return 0;
            case KotakHsmMessageType.Throttling:
            case KotakHsmMessageType.Ack:
            case KotakHsmMessageType.OptionChain:
                Volatile.Write(ref _otherResponses, _otherResponses + 1);
                return 0;
            default:
                Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"message type {type} is not an HSM response (1–10); {message.Length} byte(s) skipped", message, L.Type);
                return 0;
        }
    }

    /// <summary>
    /// Connect response: field count, status field, and (count ≥ 2) the ACK interval as a big-endian integer of its
    /// field's length. Any connect response starts a new connection: the topic cache is cleared and frames are counted
    /// from zero. A rejection publishes a ServerDisconnect control event with the SDK's code 11001.
    /// </summary>
    private int DecodeConnect<TSink>(ReadOnlySpan<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int pos = L.FieldCount;
        if (!TryReadFieldCount(message, ref pos, KotakHsmMessageType.Connect, out int count)
            || !TryReadStatus(message, ref pos, count, KotakHsmMessageType.Connect, out bool ok))
        {
            return 0;
        }

        int ackInterval = 0;
        if (count >= 2 && TryReadField(message, ref pos, KotakHsmMessageType.Connect, out int valueAt, out int valueLength))
        {
            if (valueLength is < 1 or > 4)
            {
                Diagnostics.Report(ParseErrorReason.InvalidValue, $"connect response ACK interval field is {valueLength} byte(s), not 1–4; no ACKs will be sent", message, valueAt);
            }
            else
            {
                uint interval = 0;
                foreach (byte b in message.Slice(valueAt, valueLength))
                {
                    interval = (interval << 8) | b;
                }

                ackInterval = (int)Math.Min(interval, int.MaxValue);
            }
        }

        _state.Reset(ok ? ackInterval : 0);
        _replyPending = false;
        if (ok)
        {
            Volatile.Write(ref _connected, 1);
            Volatile.Write(ref _accepted[(int)KotakHsmMessageType.Connect], _accepted[(int)KotakHsmMessageType.Connect] + 1);
            ProtocolLog.HsmConnectionAccepted(_logger, Diagnostics.Source, ackInterval);
            return 0;
        }

        Volatile.Write(ref _connected, 0);
        Volatile.Write(ref _rejected[(int)KotakHsmMessageType.Connect], _rejected[(int)KotakHsmMessageType.Connect] + 1);
        ProtocolLog.HsmConnectionRejected(_logger, Diagnostics.Source, L.ConnectFailedCode);
        ref MarketEvent e = ref sink.Claim();
        e.Header.Kind = EventKind.Control;
        e.Header.Feed = FeedKind.Kotak;
        e.Header.SessionId = _options.SessionId;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kotak, 0);
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Header.ExchangeTimeNs = receiveTimeNs;
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Control.Code = ControlCode.ServerDisconnect;
        e.Control.Reason = L.ConnectFailedCode;
        sink.Publish();
        return 1;
    }

    /// <summary>Status response to a subscribe, unsubscribe, channel pause/resume or snapshot request: K counted, N counted and logged.</summary>
    private void DecodeStatus(ReadOnlySpan<byte> message, KotakHsmMessageType type)
    {
        int pos = L.FieldCount;
        if (!TryReadFieldCount(message, ref pos, type, out int count) || !TryReadStatus(message, ref pos, count, type, out bool ok))
        {
            return;
        }

        int index = (int)type;
        if (ok)
        {
            Volatile.Write(ref _accepted[index], _accepted[index] + 1);
            return;
        }

        Volatile.Write(ref _rejected[index], _rejected[index] + 1);
        int code = type switch
        {
            KotakHsmMessageType.Subscribe => L.SubscribeFailedCode,
            KotakHsmMessageType.Unsubscribe => L.UnsubscribeFailedCode,
            KotakHsmMessageType.ChannelPause => L.ChannelPauseFailedCode,
            KotakHsmMessageType.ChannelResume => L.ChannelResumeFailedCode,
            _ => L.SnapshotFailedCode,
        };
        ProtocolLog.HsmRequestRejected(_logger, Diagnostics.Source, type, code, _rejected[index]);
    }

    private bool TryReadFieldCount(ReadOnlySpan<byte> message, ref int pos, KotakHsmMessageType type, out int count)
    {
        if (pos >= message.Length)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"{type} response ends before its field count", message, pos);
            count = 0;
            return false;
        }

        count = message[pos++];
        return true;
    }

    /// <summary>The status field ("K" or "N"); a response without one is a rejection, as the SDK reads it.</summary>
    private bool TryReadStatus(ReadOnlySpan<byte> message, ref int pos, int count, KotakHsmMessageType type, out bool ok)
    {
        ok = false;
        if (count == 0)
        {
            return true;
        }

        if (!TryReadField(message, ref pos, type, out int at, out int length))
        {
            return false;
        }

        if (length == 1 && message[at] is L.StatusOk or L.StatusNotOk)
        {
            ok = message[at] == L.StatusOk;
            return true;
        }

        Diagnostics.Report(ParseErrorReason.InvalidValue, $"{type} response status '{Printable(message.Slice(at, length))}' is neither K nor N; counted as a rejection", message, at);
        return true;
    }

    /// <summary>Reads <c>[id:u8][length:u16][value]</c> and returns where the value starts and its length.</summary>
    private bool TryReadField(ReadOnlySpan<byte> message, ref int pos, KotakHsmMessageType type, out int valueAt, out int valueLength)
    {
        valueAt = pos + 3;
        valueLength = 0;
        if (message.Length - pos < 3)
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"{type} response ends inside a field header ({message.Length - pos} of 3 bytes)", message, pos);
            return false;
        }

        valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 1)..]);
        if (valueLength > message.Length - valueAt)
        {
            Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"{type} response field {message[pos]} declares {valueLength} byte(s) but {message.Length - valueAt} remain", message, pos + 1);
            return false;
        }

        pos = valueAt + valueLength;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> head = bytes[..Math.Min(bytes.Length, 16)];
        return Ascii.IsValid(head) ? Encoding.ASCII.GetString(head) : Convert.ToHexString(head);
    }
}
