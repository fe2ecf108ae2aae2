namespace LowLatencyFeed.Bus.Format;

/// <summary>The kind part of a bus subject (<c>llfeed.&lt;host&gt;.&lt;feed&gt;.&lt;kind&gt;</c>); trades are split from ticks as in the database.</summary>
public enum BusEventKind : byte
{
    /// <summary>Ticker snapshot (a tick without <c>IsTrade</c>).</summary>
    Tick = 0,

    /// <summary>A trade (a tick with <c>IsTrade</c>).</summary>
    Trade = 1,

    /// <summary>Best bid and offer.</summary>
    Quote = 2,

    /// <summary>Order book update.</summary>
    Depth = 3,

    /// <summary>Feed lifecycle and engine markers.</summary>
    Control = 4,

    /// <summary>Clock heartbeat.</summary>
    Clock = 5,

    /// <summary>Anything else.</summary>
    Other = 6,
}
