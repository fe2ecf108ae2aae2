using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// Encoding: each update becomes a SNAP or UPDATE record per subscribed topic of its instrument, all in one data frame;
/// prices scaled by the topic's multiplier and precision; the fault writer's garbage and truncation points.
/// </summary>
internal sealed partial class KotakHsmSimulatedSession
{
    private static readonly KotakHsmTopicKind[] s_kinds = [KotakHsmTopicKind.Index, KotakHsmTopicKind.Scrip, KotakHsmTopicKind.Depth];

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
    {
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        Span<byte> frame = output.GetSpan(MaxFrameBytes);
        bool numbered = _ackInterval > 0;
        int pos = KotakHsmEncoder.WriteDataFrameHeader(frame, numbered ? ++_messageNumber : null);
        int records = 0;
        for (int i = 0; i < updates.Length; i++)
        {
            ref readonly SimulatedUpdate update = ref updates[i];
            foreach (KotakHsmTopicKind kind in s_kinds)
            {
                if (_topics.TryGetValue((update.Instrument.Token, kind), out KotakHsmSimulatedTopic? topic))
                {
                    pos += WriteRecord(frame[pos..], topic, in update, frames, ref records);
                }
            }
        }

        KotakHsmEncoder.FinishDataFrame(frame[..pos], numbered, records);
        output.Advance(pos);
        frames.EndFrame();
        _feed.CountDataFrame();
    }

    /// <inheritdoc />
    public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames)
    {
        // A message type HSM does not define: the decoder rejects the whole message (UnknownMessageCode).
        IBufferWriter<byte> output = frames.BeginFrame(MessageKind.Binary);
        int length = Math.Max(noise.Length, L.HeaderLength);
        Span<byte> message = output.GetSpan(length)[..length];
        message.Clear();
        noise.CopyTo(message);
        message[L.Type] = (byte)(0x80 | noise[0]);
        output.Advance(length);
        frames.EndFrame();
    }

    /// <inheritdoc />
    public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random)
    {
        if (kind != MessageKind.Binary || message.Length < L.HeaderLength || message[L.Type] != (byte)KotakHsmMessageType.Data)
        {
            return 0;
        }

        if (_ackInterval > 0)
        {
            // Inside the message number: the copy is rejected before the client counts it towards an ACK.
            return L.HeaderLength + (int)(random % sizeof(int));
        }

        int first = KotakHsmEncoder.DataFrameHeaderLength(withMessageNumber: false);
        if (message.Length < first + 2 || BinaryPrimitives.ReadUInt16BigEndian(message[(L.HeaderLength)..]) == 0)
        {
            return 0;
        }

        int recordEnd = first + 2 + BinaryPrimitives.ReadUInt16BigEndian(message[first..]);
        return recordEnd > message.Length || recordEnd - first < 2 ? 0 : first + 1 + (int)(random % (ulong)(recordEnd - first - 1));
    }

    /// <summary>Writes the topic's SNAP (first time) or UPDATE (changed fields; nothing when none changed) and reports its events.</summary>
    private int WriteRecord(Span<byte> destination, KotakHsmSimulatedTopic topic, in SimulatedUpdate update, SimulatedFrameWriter frames, ref int records)
    {
        SimulatedInstrument instrument = update.Instrument;
        (int multiplier, int precision) = Scale(instrument);
        int count = FillValues(topic.Kind, in update, multiplier, precision);
        ReadOnlySpan<int> values = _values.AsSpan(0, count);
        ulong touched = 0;
        int written;
        if (topic.Last is null)
        {
            topic.Last = new int[L.MaxFields];
            topic.Last.AsSpan().Fill(L.NoValue);
            for (int i = 0; i < count; i++)
            {
                if (values[i] != L.NoValue)
                {
                    topic.Last[i] = values[i];
                    touched |= 1UL << i;
                }
            }

            (string segment, string token) = KotakSubscriptions.Split(Scrip(instrument));
            written = KotakHsmEncoder.WriteSnap(destination, topic.TopicId, Encoding.ASCII.GetBytes(topic.Name), values, [(L.StringToken, token), (L.StringExchange, segment), (L.StringTradingSymbol, TradingSymbol(token))]);
        }
        else
        {
            int changed = 0;
            for (int i = 0; i < count; i++)
            {
                // A value the update does not carry stays as last sent: "no value" on the wire means unchanged.
                bool differs = values[i] != L.NoValue && values[i] != topic.Last[i];
                _update[i] = differs ? values[i] : L.NoValue;
                if (differs)
                {
                    topic.Last[i] = values[i];
                    touched |= 1UL << i;
                    changed = i + 1;
                }
            }

            if (changed == 0)
            {
                return 0;
            }

            written = KotakHsmEncoder.WriteUpdate(destination, topic.TopicId, _update.AsSpan(0, changed));
        }

        records++;
        if (frames.IsCapturing)
        {
            KotakHsmSentEvents.Project(topic, instrument, touched, multiplier * FixedPoint.Pow10(precision), frames);
        }

        return written;
    }

    private int FillValues(KotakHsmTopicKind kind, in SimulatedUpdate update, int multiplier, int precision)
    {
        switch (kind)
        {
            case KotakHsmTopicKind.Index:
                KotakHsmEncoder.IndexValues(_values, in update.Tick, multiplier, precision);
                return KotakHsmEncoder.IndexValueCount;
            case KotakHsmTopicKind.Depth:
                KotakHsmEncoder.DepthValues(_values, in update.Depth, multiplier, precision);
                return KotakHsmEncoder.DepthValueCount;
            default:
                ref readonly DepthPayload book = ref update.Depth.Depth;
                ReadOnlySpan<DepthLevel> levels = book.Levels;
                var quote = new QuotePayload
                {
                    BidPrice = book.BidCount > 0 ? levels[0].Price : 0,
                    BidQuantity = book.BidCount > 0 ? levels[0].Quantity : 0,
                    AskPrice = book.AskCount > 0 ? levels[book.BidCount].Price : 0,
                    AskQuantity = book.AskCount > 0 ? levels[book.BidCount].Quantity : 0,
                };
                KotakHsmEncoder.ScripValues(_values, in update.Tick, in quote, multiplier, precision);

                // Fields the decoder reads and ignores: the SDK's two dummy times, circuit limits, 52-week range.
                _values[0] = _values[1] = _values[L.ScripFeedTime];
                int close = _values[L.ScripClose];
                _values[L.ScripLowerCircuit] = close - (close / 5);
                _values[L.ScripUpperCircuit] = close + (close / 5);
                _values[L.ScripYearLow] = close - (close / 4);
                _values[L.ScripYearHigh] = close + (close / 4);
                return KotakHsmEncoder.ScripValueCount;
        }
    }

    /// <summary>Multiplier 1 and precision = decimals; currency segments use multiplier 100 (precision 2 less), as a check of the scaling.</summary>
    private static (int Multiplier, int Precision) Scale(SimulatedInstrument instrument) =>
        Scrip(instrument).StartsWith("cde_", StringComparison.OrdinalIgnoreCase) && instrument.PriceDecimals >= 2
            ? (100, instrument.PriceDecimals - 2)
            : (1, instrument.PriceDecimals);

    private static string Scrip(SimulatedInstrument instrument) =>
        instrument.Symbol.Contains('|', StringComparison.Ordinal)
            ? instrument.Symbol
            : (string.IsNullOrEmpty(instrument.Segment) ? "nse_cm" : instrument.Segment) + "|" + instrument.Token.ToString(CultureInfo.InvariantCulture);

    private static string TradingSymbol(string token) => token.ToUpperInvariant() + "-EQ";
}
