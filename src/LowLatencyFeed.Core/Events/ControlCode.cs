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

    /// <summary>
    /// An instrument was subscribed on a live connection at runtime (<c>POST /api/feeds/{name}/subscriptions</c>).
    /// <see cref="EventHeader.Instrument"/> and its decimals name it; <see cref="ControlPayload.Reason"/> is the new
    /// mode (the protocol layer's <c>SubscriptionMode</c> value), <see cref="ControlPayload.Argument0"/> -1 (no previous
    /// mode) and <see cref="ControlPayload.Argument1"/> the number of instruments the connection now carries.
    /// </summary>
    InstrumentSubscribed = 9,

    /// <summary>
    /// An instrument was unsubscribed at runtime: no data for it follows from this connection.
    /// <see cref="ControlPayload.Reason"/> is its last mode, <see cref="ControlPayload.Argument1"/> the connection's count.
    /// </summary>
    InstrumentUnsubscribed = 10,

    /// <summary>
    /// A subscribed instrument's mode changed at runtime: <see cref="ControlPayload.Reason"/> the new mode,
    /// <see cref="ControlPayload.Argument0"/> the previous one, <see cref="ControlPayload.Argument1"/> the connection's count.
    /// </summary>
    InstrumentModeChanged = 11,

    /// <summary>
    /// Bus consumer hosts: the next <see cref="ControlPayload.Reason"/> ring events are kept events of one bus batch
    /// (the source stream in <see cref="EventHeader.Instrument"/>, the batch's first stream sequence in
    /// <see cref="ControlPayload.Argument0"/>, this chunk's offset and the batch's kept total in <see cref="ControlPayload.Argument1"/>
    /// as offset &lt;&lt; 32 | total). A restarted consumer reads these back to resume without duplicates.
    /// </summary>
    BusBatch = 17,

    /// <summary>Bus consumer hosts: source sequences <see cref="ControlPayload.Argument0"/>..<see cref="ControlPayload.Argument1"/> of the source in <see cref="EventHeader.Instrument"/> never arrived.</summary>
    BusGap = 18,

    /// <summary>Bus consumer hosts: the source's sequence went back from <see cref="ControlPayload.Argument0"/> to <see cref="ControlPayload.Argument1"/> (its journal was reset).</summary>
    BusSourceReset = 19,

    /// <summary>Bus consumer hosts: the message at stream sequence <see cref="ControlPayload.Argument0"/> could not be decoded and was skipped.</summary>
    BusMessageSkipped = 20,
}
