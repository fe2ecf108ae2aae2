using System.Globalization;

namespace LowLatencyFeed.Research.Export;

/// <summary>"1s", "5m", "4h", "1d" for a bar span: the largest unit that divides it (as the replay's files name them).</summary>
internal static class TimeframeNames
{
    private const long Second = 1_000_000_000;

    public static string Of(long spanNs) =>
        spanNs % (86_400 * Second) == 0 ? Unit(spanNs / (86_400 * Second), "d")
        : spanNs % (3_600 * Second) == 0 ? Unit(spanNs / (3_600 * Second), "h")
        : spanNs % (60 * Second) == 0 ? Unit(spanNs / (60 * Second), "m")
        : spanNs % Second == 0 ? Unit(spanNs / Second, "s")
        : Unit(spanNs, "ns");

    private static string Unit(long count, string unit) => count.ToString(CultureInfo.InvariantCulture) + unit;
}
