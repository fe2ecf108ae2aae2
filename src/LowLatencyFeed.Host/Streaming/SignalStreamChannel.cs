using System.Text.Json;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Streaming;

/// <summary><c>signals</c>: depth signal transitions with the columns of <c>llfeed.signals</c> (side 1 buy, -1 sell, 0 flat).</summary>
public sealed class SignalStreamChannel : IDerivedStreamChannel
{
    /// <inheritdoc />
    public string Name => "signals";

    /// <inheritdoc />
    public bool Accepts(in DerivedEvent e) => e.Header.Kind == DerivedEventKind.Signal;

    /// <inheritdoc />
    public void Write(Utf8JsonWriter json, in DerivedEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        ref readonly SignalValues s = ref e.Signal;
        int pd = e.Header.PriceDecimals;
        int qd = e.Header.QuantityDecimals;
        json.WriteStartObject();
        json.WriteString("type", "signal");
        StreamMessageWriter.WriteInstrument(json, e.Header.Instrument);
        StreamMessageWriter.WriteTime(json, "time", e.Header.SourceExchangeTimeNs);
        json.WriteNumber("seq", e.Header.SourceSequence);
        json.WriteNumber("windowDepth", s.WindowDepth);
        json.WriteNumber("side", (int)s.Side);
        json.WriteNumber("previousSide", (int)s.PreviousSide);
        json.WriteNumber("imbalance", s.Imbalance);
        json.WriteNumber("threshold", s.Threshold);
        json.WriteNumber("bidQuantity", FixedPoint.ToDecimal(s.WindowBidQuantity, qd));
        json.WriteNumber("askQuantity", FixedPoint.ToDecimal(s.WindowAskQuantity, qd));
        StreamMessageWriter.WriteDecimalOrNull(json, "bestBid", s.BestBid != 0, s.BestBid, pd);
        StreamMessageWriter.WriteDecimalOrNull(json, "bestAsk", s.BestAsk != 0, s.BestAsk, pd);
        StreamMessageWriter.WriteTime(json, "conditionSince", s.ConditionSinceNs);
        json.WriteNumber("flags", (int)e.Header.Flags);
        if (s.ModelVersion != 0)
        {
            // A model signal (src/LowLatencyFeed.Research/README.md, "Live scoring"): its version and confidence.
            json.WriteString("modelVersion", ((ulong)s.ModelVersion).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("confidence", s.Confidence);
        }
        else
        {
            json.WriteNull("modelVersion");
            json.WriteNull("confidence");
        }

        json.WriteEndObject();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Type 7; flags = the signal's; time = the source event's exchange time. Then window depth (i32), side and previous
    /// side (i8 each: 1 buy, -1 sell, 0 flat), two zero bytes, imbalance and threshold (f64), window bid and ask
    /// quantity, best bid and best ask (0: none), condition-since time (Unix ns).
    /// </remarks>
    public int WriteBinary(Span<byte> destination, in DerivedEvent e)
    {
        ref readonly SignalValues s = ref e.Signal;
        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(StreamBinaryType.Signal, e.Header.PriceDecimals, e.Header.QuantityDecimals, (int)e.Header.Flags, e.Header.Instrument, e.Header.SourceExchangeTimeNs, e.Header.SourceSequence);
        writer.WriteInt32(s.WindowDepth);
        writer.WriteByte((byte)(sbyte)s.Side);
        writer.WriteByte((byte)(sbyte)s.PreviousSide);
        writer.WriteUInt16(0);
        writer.WriteDouble(s.Imbalance);
        writer.WriteDouble(s.Threshold);
        writer.WriteInt64(s.WindowBidQuantity);
        writer.WriteInt64(s.WindowAskQuantity);
        writer.WriteInt64(s.BestBid);
        writer.WriteInt64(s.BestAsk);
        writer.WriteInt64(s.ConditionSinceNs);
        return writer.Written;
    }
}
