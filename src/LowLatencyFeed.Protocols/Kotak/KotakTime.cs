using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>SFeed time fields → Unix nanoseconds.</summary>
public static class KotakTime
{
    /// <summary>
    /// SFeed time fields are passed through raw by the SDK and their unit is unpublished, so the unit is inferred from
    /// the magnitude: below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds
    /// (unambiguous for any date between 1973 and 5138). Zero or negative means "never" and gives 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToUnixNanoseconds(long value) => value switch
    {
        <= 0 => 0,
        < 100_000_000_000L => value * 1_000_000_000L,
        < 100_000_000_000_000L => value * 1_000_000L,
        < 100_000_000_000_000_000L => value * 1_000L,
        _ => value,
    };
}
