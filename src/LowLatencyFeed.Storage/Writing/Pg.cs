using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>Conversions for the few values sent as command parameters rather than through <see cref="BinaryCopyBuffer"/>.</summary>
internal static class Pg
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>A UTC DateTime from Unix ns (100 ns resolution; PostgreSQL keeps microseconds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DateTime ToDateTime(long unixNs) => new(UnixEpochTicks + (unixNs / 100), DateTimeKind.Utc);
}
