using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// The derived ring's slot type: what the bar and book builders publish for the storage stage and subscribers.
/// Unmanaged, exactly 256 bytes like <see cref="Core.Events.MarketEvent"/>: a 40-byte header and a union of payloads.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
public struct DerivedEvent
{
    /// <summary>Bytes per slot.</summary>
    public const int SizeInBytes = 256;

    private const int PayloadOffset = 40;

    /// <summary>Kind, instrument, scales, flags, source event.</summary>
    [FieldOffset(0)]
    public DerivedHeader Header;

    /// <summary>Valid when the kind is <see cref="DerivedEventKind.Bar"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public BarValues Bar;

    /// <summary>Valid when the kind is <see cref="DerivedEventKind.BookMetrics"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public BookMetricsValues Metrics;

    /// <summary>Valid when the kind is <see cref="DerivedEventKind.Signal"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public SignalValues Signal;

    /// <summary>Valid when the kind is <see cref="DerivedEventKind.Indicator"/>.</summary>
    [FieldOffset(PayloadOffset)]
    public Indicators.IndicatorValues Indicator;
}
