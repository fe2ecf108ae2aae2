namespace LowLatencyFeed.Processing.Indicators;

/// <summary>Fills the outputs of an <see cref="IndicatorValues"/>.</summary>
internal static class IndicatorOutput
{
    public static void Set(ref IndicatorValues values, double value1)
    {
        values.Value1 = value1;
        values.ValueCount = 1;
    }

    public static void Set(ref IndicatorValues values, double value1, double value2)
    {
        values.Value1 = value1;
        values.Value2 = value2;
        values.ValueCount = 2;
    }

    public static void Set(ref IndicatorValues values, double value1, double value2, double value3)
    {
        values.Value1 = value1;
        values.Value2 = value2;
        values.Value3 = value3;
        values.ValueCount = 3;
    }

    public static void SetExact(ref IndicatorValues values, decimal exact)
    {
        values.Exact = exact;
        values.HasExact = true;
        Set(ref values, (double)exact);
    }
}
