namespace LowLatencyFeed.Core.Events;

/// <summary>What a control event reports. Every stage that cares about completeness watches these.</summary>
public enum ControlCode : byte
{
    /// <summary>Unspecified.</summary>
    None = 0,

    /// <summary>A feed session connected (and re-sent its subscriptions).</summary>
    Connected = 1,

    /// <summary>A feed session lost its connection: data may be missing until the next <see cref="Connected"/>.</summary>
    Disconnected = 2,

    /// <summary>The watchdog saw no frame (heartbeats included) for its timeout and dropped the link.</summary>
    StaleFeed = 3,

    /// <summary>Subscriptions or modes were sent.</summary>
    Subscribed = 4,

    /// <summary>An order book was discarded and rebuilt from a snapshot (Binance update-id gap).</summary>
    BookResync = 5,

    /// <summary>The broker asked us to disconnect (Dhan code 50, Binance serverShutdown); <see cref="ControlPayload.Reason"/> has its code.</summary>
    ServerDisconnect = 6,

    /// <summary>The engine started (first event of a run).</summary>
    EngineStart = 7,

    /// <summary>The engine stopped cleanly (last event of a run).</summary>
    EngineStop = 8,
}
