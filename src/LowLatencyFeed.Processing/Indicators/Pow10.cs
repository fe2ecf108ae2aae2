namespace LowLatencyFeed.Processing.Indicators;

/// <summary>Powers of ten for mantissa scaling (0 … 18 decimals).</summary>
internal static class Pow10
{
    private static readonly double[] s_doubles = Build(static i => (double)Exponent(i)); // exact: every 10^i up to 10^22 is a double
    private static readonly decimal[] s_decimals = Build(static i => Exponent(i));

    public static double Double(int decimals) => s_doubles[decimals];

    public static decimal Decimal(int decimals) => s_decimals[decimals];

    private static decimal Exponent(int decimals)
    {
        decimal value = 1m;
        for (int i = 0; i < decimals; i++)
        {
            value *= 10m;
        }

        return value;
    }

    private static T[] Build<T>(Func<int, T> of)
    {
        var values = new T[19];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = of(i);
        }

        return values;
    }
}
