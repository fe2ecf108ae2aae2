namespace LowLatencyFeed.Processing.Derived;

/// <summary>Discriminates the payload of a <see cref="DerivedEvent"/>.</summary>
public enum DerivedEventKind : byte
{
    /// <summary>An unused slot; consumers skip it.</summary>
    None = 0,

    /// <summary>A closed (or revised, or flushed) bar: <see cref="DerivedEvent.Bar"/>.</summary>
    Bar = 1,

    /// <summary>A book metrics sample: <see cref="DerivedEvent.Metrics"/>.</summary>
    BookMetrics = 2,

    /// <summary>A depth signal transition: <see cref="DerivedEvent.Signal"/>.</summary>
    Signal = 3,

    /// <summary>An indicator value at a bar's close: <see cref="DerivedEvent.Indicator"/>.</summary>
    Indicator = 4,
}
