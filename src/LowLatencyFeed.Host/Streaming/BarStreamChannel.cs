using System.Text.Json;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// <c>bars:&lt;tf&gt;</c>: closed bars of one configured timeframe, as the <c>llfeed.bars</c> row and the API's bar
/// record carry them (<c>time</c> is the bar's start, <c>seq</c> the event that completed it).
/// </summary>
/// <param name="Name">Channel name (<c>bars:1m</c>).</param>
/// <param name="TimeframeIndex">Position of the timeframe in the bar stage's options.</param>
public sealed record BarStreamChannel(string Name, int TimeframeIndex) : IDerivedStreamChannel
{
    /// <inheritdoc />
    public bool Accepts(in DerivedEvent e) => e.Header.Kind == DerivedEventKind.Bar && e.Bar.TimeframeIndex == TimeframeIndex;

    /// <inheritdoc />
    public void Write(Utf8JsonWriter json, in DerivedEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        ref readonly BarValues bar = ref e.Bar;
        int pd = e.Header.PriceDecimals;
        int qd = e.Header.QuantityDecimals;
        json.WriteStartObject();
        json.WriteString("type", "bar");
        StreamMessageWriter.WriteInstrument(json, e.Header.Instrument);
        json.WriteString("channel", Name);
        StreamMessageWriter.WriteTime(json, "time", bar.StartTimeNs);
        json.WriteNumber("timeframeSeconds", bar.TimeframeNs / UnixTime.NanosPerSecond);
        json.WriteNumber("open", FixedPoint.ToDecimal(bar.Open, pd));
        json.WriteNumber("high", FixedPoint.ToDecimal(bar.High, pd));
        json.WriteNumber("low", FixedPoint.ToDecimal(bar.Low, pd));
        json.WriteNumber("close", FixedPoint.ToDecimal(bar.Close, pd));
        json.WriteNumber("volume", FixedPoint.ToDecimal(bar.Volume, qd));
        json.WriteNumber("turnover", FixedPoint.ToDecimal(bar.Turnover, pd + qd));
        StreamMessageWriter.WriteDecimalOrNull(json, "vwap", bar.Volume != 0, bar.Vwap, pd);
        json.WriteNumber("tradeCount", bar.TradeCount);
        json.WriteNumber("flags", (int)e.Header.Flags);
        json.WriteBoolean("closed", true);
        json.WriteNumber("seq", e.Header.SourceSequence);
        json.WriteEndObject();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Type 5; flags = the bar's; time = bar start. Then timeframe seconds (i32), open, high, low, close, volume,
    /// turnover (i128, at price + quantity decimals), VWAP (absent without volume), trade count, and the channel name.
    /// </remarks>
    public int WriteBinary(Span<byte> destination, in DerivedEvent e)
    {
        ref readonly BarValues bar = ref e.Bar;
        var writer = new StreamBinaryWriter(destination);
        writer.WriteHeader(StreamBinaryType.Bar, e.Header.PriceDecimals, e.Header.QuantityDecimals, (int)e.Header.Flags, e.Header.Instrument, bar.StartTimeNs, e.Header.SourceSequence);
        writer.WriteInt32((int)(bar.TimeframeNs / UnixTime.NanosPerSecond));
        writer.WriteInt64(bar.Open);
        writer.WriteInt64(bar.High);
        writer.WriteInt64(bar.Low);
        writer.WriteInt64(bar.Close);
        writer.WriteInt64(bar.Volume);
        writer.WriteInt128(bar.Turnover);
        writer.WriteInt64(bar.Vwap);
        writer.WriteInt64(bar.TradeCount);
        writer.WriteAscii(Name);
        return writer.Written;
    }
}
