using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>A feed lifecycle or clock event.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct ControlPayload
{
    /// <summary>What happened.</summary>
    public ControlCode Code;

    /// <summary>Broker reason code (Dhan 805…, WebSocket close status), 0 when none.</summary>
    public int Reason;

    /// <summary>First argument: instrument count for subscriptions, reconnect attempt for connects.</summary>
    public long Argument0;

    /// <summary>Second argument: gap length in nanoseconds for disconnects.</summary>
    public long Argument1;
}
