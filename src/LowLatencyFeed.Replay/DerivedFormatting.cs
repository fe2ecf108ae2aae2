using System.Globalization;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>Shared text forms of replay outputs, cached per value so a long replay does not format the same names again.</summary>
internal sealed class DerivedFormatting
{
    private readonly Dictionary<long, string> _instruments = new();
    private readonly Dictionary<ushort, string> _flags = new();
    private readonly Dictionary<long, string> _timeframes = new();

    public string Instrument(InstrumentId id)
    {
        if (!_instruments.TryGetValue(id.Value, out string? name))
        {
            name = id.ToString();
            _instruments[id.Value] = name;
        }

        return name;
    }

    public string Flags(DerivedFlags flags)
    {
        if (!_flags.TryGetValue((ushort)flags, out string? name))
        {
            name = flags == DerivedFlags.None ? string.Empty : flags.ToString().Replace(", ", "|", StringComparison.Ordinal);
            _flags[(ushort)flags] = name;
        }

        return name;
    }

    /// <summary>"1s", "5m", "4h", "1d"; other spans in the largest unit that divides them.</summary>
    public string Timeframe(long spanNs)
    {
        if (!_timeframes.TryGetValue(spanNs, out string? name))
        {
            name = spanNs % (86_400 * UnixTime.NanosPerSecond) == 0 ? Unit(spanNs / (86_400 * UnixTime.NanosPerSecond), "d")
                : spanNs % (3_600 * UnixTime.NanosPerSecond) == 0 ? Unit(spanNs / (3_600 * UnixTime.NanosPerSecond), "h")
                : spanNs % (60 * UnixTime.NanosPerSecond) == 0 ? Unit(spanNs / (60 * UnixTime.NanosPerSecond), "m")
                : spanNs % UnixTime.NanosPerSecond == 0 ? Unit(spanNs / UnixTime.NanosPerSecond, "s")
                : spanNs % UnixTime.NanosPerMillisecond == 0 ? Unit(spanNs / UnixTime.NanosPerMillisecond, "ms")
                : Unit(spanNs, "ns");
            _timeframes[spanNs] = name;
        }

        return name;
    }

    /// <summary>ISO-8601 UTC with 100 ns resolution (exact for bar boundaries).</summary>
    public static string Time(long unixNs) => UnixTime.ToDateTime(unixNs).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Column name of an imbalance window.</summary>
    public static string WindowName(int depth) => depth == 0 ? "imbalance_all" : "imbalance_" + depth.ToString(CultureInfo.InvariantCulture);

    private static string Unit(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
