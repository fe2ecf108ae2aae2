namespace LowLatencyFeed.Core.Events;

/// <summary>Discriminates the payload of a <see cref="MarketEvent"/>.</summary>
public enum EventKind : byte
{
    /// <summary>An unused slot; consumers skip it.</summary>
    None = 0,

    /// <summary>Last-trade / ticker update (<see cref="MarketEvent.Tick"/>). Index values are ticks with <see cref="EventFlags.Index"/>.</summary>
    Tick = 1,

    /// <summary>Best bid and offer (<see cref="MarketEvent.Quote"/>).</summary>
    Quote = 2,

    /// <summary>Order book snapshot or diff (<see cref="MarketEvent.Depth"/>).</summary>
    Depth = 3,

    /// <summary>Feed lifecycle: connect, disconnect/gap, subscribe, resync (<see cref="MarketEvent.Control"/>).</summary>
    Control = 4,

    /// <summary>Wall-clock heartbeat that lets time-driven consumers (bars) close intervals on a quiet market.</summary>
    Clock = 5,
}
