using System.Text.Json;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// <c>indicators</c>: every configured indicator's value as its bar closes, with the columns of
/// <c>llfeed.indicators</c> and the API's indicator record (<c>time</c> is the bar's start, <c>seq</c> the event that
/// closed it; <c>value2</c>, <c>value3</c> and <c>exactValue</c> are null when the indicator has none).
/// </summary>
public sealed class IndicatorStreamChannel : IDerivedStreamChannel
{
    /// <inheritdoc />
    public string Name => "indicators";

    /// <inheritdoc />
    public bool Accepts(in DerivedEvent e) => e.Header.Kind == DerivedEventKind.Indicator;

    /// <inheritdoc />
    public void Write(Utf8JsonWriter json, in DerivedEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        ref readonly IndicatorValues v = ref e.Indicator;
        Span<char> label = stackalloc char[IndicatorLabels.MaxLength];
        int length = IndicatorLabels.Format(in v, label);
        json.WriteStartObject();
        json.WriteString("type", "indicator");
        StreamMessageWriter.WriteInstrument(json, e.Header.Instrument);
        json.WriteString("channel", Name);
        StreamMessageWriter.WriteTime(json, "time", v.BarStartTimeNs);
        json.WriteNumber("timeframeSeconds", v.TimeframeNs / UnixTime.NanosPerSecond);
        json.WriteString("indicator", label[..length]);
        json.WriteNumber("value", v.Value1);
        WriteDoubleOrNull(json, "value2", v.ValueCount >= 2, v.Value2);
        WriteDoubleOrNull(json, "value3", v.ValueCount >= 3, v.Value3);
        if (v.HasExact)
        {
            json.WriteNumber("exactValue", v.Exact);
        }
        else
        {
            json.WriteNull("exactValue");
        }

        json.WriteNumber("flags", (int)e.Header.Flags);
        json.WriteNumber("seq", e.Header.SourceSequence);
        json.WriteEndObject();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Type 8; flags = the bar's; time = bar start; decimals 0. Then timeframe seconds (i32), value count (u8: outputs
    /// present), has-exact (u8), two zero bytes, value, value2, value3 (f64), the exact value as a <see cref="decimal"/>'s
    /// four 32-bit parts, and the label (<c>rsi(14)</c>).
    /// </remarks>
    public int WriteBinary(Span<byte> destination, in DerivedEvent e)
    {
        ref readonly IndicatorValues v = ref e.Indicator;
        Span<char> label = stackalloc char[IndicatorLabels.MaxLength];
        int length = IndicatorLabels.Format(in v, label);
        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(StreamBinaryType.Indicator, 0, 0, (int)e.Header.Flags, e.Header.Instrument, v.BarStartTimeNs, e.Header.SourceSequence);
        writer.WriteInt32((int)(v.TimeframeNs / UnixTime.NanosPerSecond));
        writer.WriteByte(v.ValueCount);
        writer.WriteByte(v.HasExact ? (byte)1 : (byte)0);
        writer.WriteUInt16(0);
        writer.WriteDouble(v.Value1);
        writer.WriteDouble(v.Value2);
        writer.WriteDouble(v.Value3);
        writer.WriteDecimal(v.HasExact ? v.Exact : 0m);
        writer.WriteAscii(label[..length]);
        return writer.Written;
    }

    private static void WriteDoubleOrNull(Utf8JsonWriter json, string name, bool present, double value)
    {
        if (present)
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
