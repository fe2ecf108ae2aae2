using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>Data frames: the record loop, SNAP and UPDATE records merged into the topic cache, and price scales.</summary>
public sealed partial class KotakHsmProtocol
{
    /// <summary>Largest precision accepted: 10^9 keeps multiplier × 10^precision and the scaled prices in range.</summary>
    private const int MaxPrecision = 9;

    /// <summary>Precision and multiplier until a topic sends its own (the SDK's defaults).</summary>
    private const int DefaultPrecision = 2;

    /// <summary>
    /// Data frame: [int32 message number when ACKs are on], uint16 record count, then records of
    /// <c>[uint16 length][kind]</c> + body. Records are walked by their structure, as the SDK does (it skips the length);
    /// the length is used only to step over a record of unknown kind. A record that ends past the message stops the frame.
    /// </summary>
    private int DecodeData<TSink>(ReadOnlySpan<byte> message, KotakHsmTopicTable table, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int pos = L.HeaderLength;
        if (_state.AckInterval > 0)
        {
            if (message.Length < L.HeaderLength + sizeof(int))
            {
                Diagnostics.Report(ParseErrorReason.Truncated, $"data frame of {message.Length} bytes ends inside its message number (ACKs are on)", message, pos);
                return 0;
            }

            if (_state.CountFrame(BinaryPrimitives.ReadInt32BigEndian(message[pos..])))
            {
                KotakHsmRequestWriter.WriteAck(_reply, _state.LastMessageNumber);
                _replyPending = true;
                Volatile.Write(ref _acksQueued, _acksQueued + 1);
            }

            pos += sizeof(int);
        }

        if (message.Length - pos < sizeof(ushort))
        {
            Diagnostics.Report(ParseErrorReason.Truncated, $"data frame of {message.Length} bytes ends before its record count", message, pos);
            return 0;
        }

        int records = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
        pos += sizeof(ushort);
        int events = 0;
        for (int r = 0; r < records; r++)
        {
            if (message.Length - pos < 3)
            {
                Diagnostics.Report(ParseErrorReason.Truncated, $"data frame declares {records} record(s) but ends {(pos == message.Length ? "after" : "inside")} record {r}", message, pos);
                return events;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
            byte kind = message[pos + 2];
            int next;
            if (kind == L.UpdateRecord)
            {
                next = DecodeUpdate(message, pos, r, receiveTimeNs, ref events, ref sink);
            }
            else if (kind == L.SnapRecord)
            {
                next = DecodeSnap(message, pos, r, table, receiveTimeNs, ref events, ref sink);
            }
            else
            {
                next = pos + 2 + length;
                if (length == 0 || next > message.Length)
                {
                    Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"record {r} kind 0x{kind:X2} is neither SNAP ('S') nor UPDATE ('U') and its length {length} does not fit the frame; the rest is dropped", message, pos + 2);
                    return events;
                }

                Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"record {r} kind 0x{kind:X2} is neither SNAP ('S') nor UPDATE ('U'); skipped by its {length}-byte length", message, pos + 2);
            }

            if (next < 0)
            {
                return events;
            }

            pos = next;
        }

        if (pos < message.Length)
        {
            Diagnostics.Report(ParseErrorReason.BadLengthPrefix, $"{message.Length - pos} byte(s) follow the {records} declared record(s); ignored", message, pos);
        }

        return events;
    }

    /// <summary>
    /// SNAP: int32 topic id, uint8 name length, name, uint8 n, n × int32 values (ids 0..n−1), uint8 m, m × string field.
    /// Resets the topic to the record's values and publishes every event of its kind. Returns the next record's offset,
    /// or −1 when the record runs past the message.
    /// </summary>
    private int DecodeSnap<TSink>(ReadOnlySpan<byte> message, int start, int record, KotakHsmTopicTable table, long receiveTimeNs, ref int events, ref TSink sink)
        where TSink : IEventSink
    {
        int pos = start + 3;
        if (message.Length - pos < 5 || message.Length - pos - 5 < message[pos + 4] + 1)
        {
            ReportTruncatedRecord(message, start, record, "SNAP", "topic id and name");
            return -1;
        }

        int topicId = BinaryPrimitives.ReadInt32BigEndian(message[pos..]);
        ReadOnlySpan<byte> name = message.Slice(pos + 5, message[pos + 4]);
        pos += 5 + name.Length;
        int count = message[pos++];
        int valuesAt = pos;
        pos += count * sizeof(int);
        if (pos >= message.Length)
        {
            ReportTruncatedRecord(message, start, record, "SNAP", "values");
            return -1;
        }

        int strings = message[pos++];
        for (int i = 0; i < strings; i++)
        {
            if (message.Length - pos < 2 || message.Length - pos - 2 < message[pos + 1])
            {
                ReportTruncatedRecord(message, start, record, "SNAP", "string fields");
                return -1;
            }

            pos += 2 + message[pos + 1];
        }

        KotakHsmTopicKind kind = KotakHsmTopics.KindOf(name);
        if (kind == KotakHsmTopicKind.None)
        {
            Diagnostics.Report(ParseErrorReason.InvalidValue, $"SNAP record {record}: topic name '{Printable(name)}' (id {topicId}) has no sf|, if| or dp| prefix; skipped", message, start + 8);
            return pos;
        }

        if (!CheckFieldCount(message, start, record, "SNAP", kind, topicId, count))
        {
            return pos;
        }

        if (!table.TryGet(name, out KotakHsmInstrument instrument) && !TryUnknown(name, topicId, out instrument))
        {
            Diagnostics.Report(ParseErrorReason.UnknownInstrument, $"SNAP record {record}: topic '{Printable(name)}' (id {topicId}) is not subscribed; skipped", message, start + 8);
            return pos;
        }

        ref KotakHsmTopic topic = ref _state.Claim(topicId, out int index);
        if (Unsafe.IsNullRef(ref topic))
        {
            Diagnostics.Report(ParseErrorReason.InvalidValue, $"SNAP record {record}: the topic cache is full ({_state.TopicCapacity} topics); topic '{Printable(name)}' (id {topicId}) skipped", message, start + 3);
            return pos;
        }

        topic.Kind = kind;
        topic.Instrument = instrument;
        _state.RecordTopicName(instrument.Id, name);
        topic.Known = 0;
        topic.Multiplier = 0;
        Span<int> values = _state.Values(index);
        values.Clear();
        ulong touched = Merge(message.Slice(valuesAt, count * sizeof(int)), values, ref topic);
        UpdateScale(ref topic, values, message, start);
        events += Publish(ref topic, values, touched, receiveTimeNs, ref sink);
        return pos;
    }

    /// <summary>UPDATE: int32 topic id, uint8 n, n × int32 values; merged into the cached topic, then its changed views published.</summary>
    private int DecodeUpdate<TSink>(ReadOnlySpan<byte> message, int start, int record, long receiveTimeNs, ref int events, ref TSink sink)
        where TSink : IEventSink
    {
        int pos = start + 3;
        if (message.Length - pos < 5)
        {
            ReportTruncatedRecord(message, start, record, "UPDATE", "topic id and value count");
            return -1;
        }

        int topicId = BinaryPrimitives.ReadInt32BigEndian(message[pos..]);
        int count = message[pos + 4];
        int valuesAt = pos + 5;
        int next = valuesAt + (count * sizeof(int));
        if (next > message.Length)
        {
            ReportTruncatedRecord(message, start, record, "UPDATE", "values");
            return -1;
        }

        ref KotakHsmTopic topic = ref _state.Find(topicId, out int index);
        if (Unsafe.IsNullRef(ref topic))
        {
            Diagnostics.Report(ParseErrorReason.Sequencing, $"UPDATE record {record} is for topic id {topicId}, which no SNAP on this connection introduced; skipped", message, pos);
            return next;
        }

        if (!CheckFieldCount(message, start, record, "UPDATE", topic.Kind, topicId, count))
        {
            return next;
        }

        Span<int> values = _state.Values(index);
        ulong touched = Merge(message.Slice(valuesAt, count * sizeof(int)), values, ref topic);
        if ((touched & ScaleFields(topic.Kind)) != 0)
        {
            UpdateScale(ref topic, values, message, start);
        }

        events += Publish(ref topic, values, touched, receiveTimeNs, ref sink);
        return next;
    }

    /// <summary>Copies every value except the 0x80000000 sentinel into the cache; returns the fields it set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Merge(ReadOnlySpan<byte> wire, Span<int> values, ref KotakHsmTopic topic)
    {
        ulong touched = 0;
        ref byte p = ref MemoryMarshal.GetReference(wire);
        int count = wire.Length / sizeof(int);
        for (int i = 0; i < count; i++)
        {
            int value = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p, i * sizeof(int))));
            if (value != L.NoValue)
            {
                values[i] = value;
                touched |= 1UL << i;
            }
        }

        topic.Known |= touched;
        return touched;
    }

    private bool CheckFieldCount(ReadOnlySpan<byte> message, int start, int record, string what, KotakHsmTopicKind kind, int topicId, int count)
    {
        int width = KotakHsmTopics.FieldCount(kind);
        if (count <= width)
        {
            return true;
        }

        Diagnostics.Report(ParseErrorReason.InvalidValue, $"{what} record {record} for {KotakHsmTopics.Prefix(kind)} topic {topicId} carries {count} values but the {KotakHsmTopics.Prefix(kind)} table has {width} fields; skipped", message, start + 7);
        return false;
    }

    /// <summary>
    /// Rebuilds the topic's price scale from its multiplier and precision (SDK defaults 1 and 2 until they arrive).
    /// Subscribed instruments keep their configured decimals; others take the precision, plus the digits a
    /// multiplier of the form 2^a·5^b needs, so their prices are exact.
    /// </summary>
    private void UpdateScale(ref KotakHsmTopic topic, ReadOnlySpan<int> values, ReadOnlySpan<byte> message, int start)
    {
        (int multiplierField, int precisionField) = topic.Kind switch
        {
            KotakHsmTopicKind.Scrip => (L.ScripMultiplier, L.ScripPrecision),
            KotakHsmTopicKind.Index => (L.IndexMultiplier, L.IndexPrecision),
            _ => (L.DepthMultiplier, L.DepthPrecision),
        };
        int multiplier = (topic.Known & (1UL << multiplierField)) != 0 ? values[multiplierField] : 1;
        int precision = (topic.Known & (1UL << precisionField)) != 0 ? values[precisionField] : DefaultPrecision;
        if (multiplier < 1 || precision is < 0 or > MaxPrecision || multiplier > 1_000_000_000)
        {
            Diagnostics.Report(ParseErrorReason.InvalidValue, $"topic {topic.TopicId} has multiplier {multiplier} and precision {precision} (expected ≥ 1 and 0–{MaxPrecision}); its previous scale is kept", message, start + 3);
            if (topic.Multiplier != 0)
            {
                return;
            }

            (multiplier, precision) = (1, DefaultPrecision);
        }

        if (multiplier == topic.Multiplier && precision == topic.Precision)
        {
            return;
        }

        long divider = multiplier * FixedPoint.Pow10(precision);
        byte decimals = topic.Instrument.Configured ? topic.Instrument.PriceDecimals : ExactDecimals(multiplier, precision);
        topic.Multiplier = multiplier;
        topic.Precision = precision;
        topic.PriceDecimals = decimals;
        topic.Scale = KotakPriceScale.Create(divider, decimals);
        if (FixedPoint.Pow10(decimals) % divider != 0 && Interlocked.Exchange(ref _roundingLogged, 1) == 0)
        {
            LogRounding(topic.Instrument.Id, decimals, multiplier, precision);
        }
    }

    /// <summary>Precision plus the fewest digits k with multiplier | 10^k (up to 18 decimals in all).</summary>
    private static byte ExactDecimals(int multiplier, int precision)
    {
        for (int k = 0; precision + k <= FixedPoint.MaxDecimals - 6; k++)
        {
            if (FixedPoint.Pow10(k) % multiplier == 0)
            {
                return (byte)(precision + k);
            }
        }

        return (byte)Math.Min(FixedPoint.MaxDecimals - 6, precision + 6);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LogRounding(InstrumentId instrument, int decimals, int multiplier, int precision) =>
        _logger.LogWarning(
            "{Source}: {Instrument} is configured with {Decimals} price decimals but HSM sends prices ÷ ({Multiplier} × 10^{Precision}); prices are rounded to the configured decimals (logged once)",
            Diagnostics.Source,
            instrument,
            decimals,
            multiplier,
            precision);

    /// <summary>An unsubscribed topic when unknown instruments are published: the numeric token of its name, else its topic id.</summary>
    private bool TryUnknown(ReadOnlySpan<byte> name, int topicId, out KotakHsmInstrument instrument)
    {
        if (!_options.PublishUnknownInstruments)
        {
            instrument = default;
            return false;
        }

        int bar = name.LastIndexOf((byte)'|');
        long token = bar >= 0 && uint.TryParse(name[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out uint numeric) ? numeric : (uint)topicId;
        instrument = new KotakHsmInstrument(InstrumentId.From(FeedKind.Kotak, token), DefaultPrecision, 0, configured: false);
        return true;
    }

    private static ulong ScaleFields(KotakHsmTopicKind kind) => kind switch
    {
        KotakHsmTopicKind.Scrip => (1UL << L.ScripMultiplier) | (1UL << L.ScripPrecision),
        KotakHsmTopicKind.Index => (1UL << L.IndexMultiplier) | (1UL << L.IndexPrecision),
        _ => (1UL << L.DepthMultiplier) | (1UL << L.DepthPrecision),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportTruncatedRecord(ReadOnlySpan<byte> message, int start, int record, string what, string part) =>
        Diagnostics.Report(ParseErrorReason.Truncated, $"{what} record {record} ends inside its {part} ({message.Length - start} byte(s) left); the rest of the frame is dropped", message, start);
}
