using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>A staged tick or trade: the event's header and tick payload, copied as they are (converted at COPY time).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct TickRow
{
    /// <summary>Header of the source event (sequence, instrument, clocks, scales).</summary>
    public EventHeader Header;

    /// <summary>The payload.</summary>
    public TickPayload Tick;
}
