using System.Buffers.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>Binance's number formatting: prices and quantities as decimal strings with 8 fraction digits.</summary>
internal static class BinanceSimulatedJson
{
    /// <summary>Fraction digits Binance prints (more when an instrument has more decimals).</summary>
    public const int WireDecimals = 8;

    /// <summary>Writes a mantissa as <c>"123.45000000"</c>.</summary>
    public static void WriteDecimal(Utf8JsonWriter json, ReadOnlySpan<byte> name, long mantissa, int decimals)
    {
        Span<byte> text = stackalloc byte[48];
        json.WriteString(name, text[..Format(mantissa, decimals, text)]);
    }

    /// <summary>Writes a decimal string array element.</summary>
    public static void WriteDecimalValue(Utf8JsonWriter json, long mantissa, int decimals)
    {
        Span<byte> text = stackalloc byte[48];
        json.WriteStringValue(text[..Format(mantissa, decimals, text)]);
    }

    /// <summary>Writes <c>["price","qty"]</c>.</summary>
    public static void WriteLevel(Utf8JsonWriter json, long price, long quantity, SimulatedInstrument instrument)
    {
        json.WriteStartArray();
        WriteDecimalValue(json, price, instrument.PriceDecimals);
        WriteDecimalValue(json, quantity, instrument.QuantityDecimals);
        json.WriteEndArray();
    }

    private static int Format(long mantissa, int decimals, Span<byte> text)
    {
        int at = 0;
        if (mantissa < 0)
        {
            text[at++] = (byte)'-';
            mantissa = -mantissa;
        }

        long scale = FixedPoint.Pow10(decimals);
        Utf8Formatter.TryFormat(mantissa / scale, text[at..], out int written);
        at += written;
        text[at++] = (byte)'.';
        if (decimals > 0)
        {
            Utf8Formatter.TryFormat(mantissa % scale, text[at..], out written, new System.Buffers.StandardFormat('D', (byte)decimals));
            at += written;
        }

        for (int i = decimals; i < WireDecimals; i++)
        {
            text[at++] = (byte)'0';
        }

        return at;
    }
}
