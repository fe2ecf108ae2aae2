using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Processing.Common;

/// <summary>The one time every processing decision uses: the event's own clock, never the host's.</summary>
internal static class EventTime
{
    /// <summary>Exchange time, or the receive time when a producer left the exchange time at zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Of(in EventHeader header) => header.ExchangeTimeNs != 0 ? header.ExchangeTimeNs : header.ReceiveTimeNs;

    /// <summary>Floor division (rounds towards negative infinity), for bucketing times before 1970 or before an anchor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorDiv(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
