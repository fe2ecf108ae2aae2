namespace LowLatencyFeed.Core.Time;

/// <summary>Conversions between Unix nanoseconds (the engine's one time unit) and other representations.</summary>
public static class UnixTime
{
    /// <summary>Nanoseconds per second.</summary>
    public const long NanosPerSecond = 1_000_000_000;

    /// <summary>Nanoseconds per millisecond.</summary>
    public const long NanosPerMillisecond = 1_000_000;

    /// <summary>Unix seconds to nanoseconds.</summary>
    public static long FromSeconds(long seconds) => seconds * NanosPerSecond;

    /// <summary>Unix milliseconds to nanoseconds.</summary>
    public static long FromMilliseconds(long milliseconds) => milliseconds * NanosPerMillisecond;

    /// <summary>Unix nanoseconds to a UTC <see cref="DateTime"/> (100 ns resolution).</summary>
    public static DateTime ToDateTime(long unixNs) => DateTime.UnixEpoch.AddTicks(unixNs / 100);

    /// <summary>Unix nanoseconds to a <see cref="DateTimeOffset"/> at UTC (100 ns resolution).</summary>
    public static DateTimeOffset ToDateTimeOffset(long unixNs) => new(ToDateTime(unixNs), TimeSpan.Zero);

    /// <summary>A UTC <see cref="DateTime"/> (or offset) to Unix nanoseconds.</summary>
    public static long FromDateTimeOffset(DateTimeOffset value) => (value.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
