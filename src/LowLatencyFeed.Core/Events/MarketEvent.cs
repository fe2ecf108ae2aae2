using System.Runtime.InteropServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>
/// The ingress ring's slot type: a header and a union of payloads. Unmanaged and exactly 256 bytes
/// (four cache lines) so slots never share a line with a neighbour's hot header.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
public struct MarketEvent
{
    /// <summary>Bytes per slot.</summary>
    public const int SizeInBytes = 256;

    private const int PayloadOffset = 40;

    /// <summary>Kind, instrument, timestamps, sequence.</summary>
    [FieldOffset(0)]
    public EventHeader Header;

    /// <summary>Valid when <see cref="EventHeader.Kind"/> is <see cref="EventKind.Tick"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public TickPayload Tick;

    /// <summary>Valid when <see cref="EventHeader.Kind"/> is <see cref="EventKind.Quote"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public QuotePayload Quote;

    /// <summary>Valid when <see cref="EventHeader.Kind"/> is <see cref="EventKind.Depth"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public DepthPayload Depth;

    /// <summary>Valid when <see cref="EventHeader.Kind"/> is <see cref="EventKind.Control"/> or <see cref="EventKind.Clock"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public ControlPayload Control;
}
