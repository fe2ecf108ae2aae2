using System.Globalization;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// The stored key of an indicator value (<c>rsi(14)</c>, <c>macd(12,26,9)</c>, <c>bollinger(20,2)</c>, <c>obv</c>): the same
/// text as <see cref="IndicatorSpec.Label"/>, formatted from the event without allocating.
/// </summary>
public static class IndicatorLabels
{
    /// <summary>Longest label written.</summary>
    public const int MaxLength = 64;

    /// <summary>Writes the label of <paramref name="values"/> into <paramref name="destination"/> (≥ <see cref="MaxLength"/> chars); returns its length.</summary>
    public static int Format(in IndicatorValues values, Span<char> destination)
    {
        string name = IndicatorSpec.NameOf(values.Kind);
        name.AsSpan().CopyTo(destination);
        int at = name.Length;
        if (values.Kind is IndicatorKind.Obv or IndicatorKind.Vwap)
        {
            return at;
        }

        destination[at++] = '(';
        at += Number(values.Period, destination[at..]);
        if (values.Kind == IndicatorKind.Macd)
        {
            destination[at++] = ',';
            at += Number(values.Period2, destination[at..]);
        }

        if (values.Kind is IndicatorKind.Macd or IndicatorKind.Stochastic)
        {
            destination[at++] = ',';
            at += Number(values.SignalPeriod, destination[at..]);
        }

        if (values.Kind is IndicatorKind.Bollinger or IndicatorKind.SuperTrend)
        {
            destination[at++] = ',';
            values.Multiplier.TryFormat(destination[at..], out int written, default, CultureInfo.InvariantCulture);
            at += written;
        }

        destination[at++] = ')';
        return at;
    }

    /// <summary>The label as a string (allocates; for tools and tests).</summary>
    public static string Of(in IndicatorValues values)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..Format(in values, buffer)]);
    }

    private static int Number(int value, Span<char> destination)
    {
        value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
