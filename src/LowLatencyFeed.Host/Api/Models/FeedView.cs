namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One feed connection's state and counters.</summary>
/// <param name="Name">Configured name.</param>
/// <param name="Protocol">Wire protocol.</param>
/// <param name="State"><c>streaming</c>, <c>connecting</c> (running, socket not open: connecting or reconnecting) or <c>stopped</c>.</param>
/// <param name="Reconnects">Reconnections so far.</param>
/// <param name="Messages">Frames/messages parsed.</param>
/// <param name="Events">Events parsed.</param>
/// <param name="Errors">Malformed input counted by the parser.</param>
/// <param name="Published">Events published into the ring.</param>
/// <param name="Dropped">Events dropped under the fail-fast backpressure policy.</param>
/// <param name="EventsPerSecond">Over the last second.</param>
/// <param name="MessagesPerSecond">Over the last second.</param>
/// <param name="Subscriptions">Instrument ids subscribed (Feed:Token).</param>
/// <param name="ErrorsByReason">Parse errors per reason (only reasons counted at least once).</param>
/// <param name="StaleTimeouts">Times the watchdog found the connection silent past its stale timeout.</param>
/// <param name="LastFrameAgeMilliseconds">Time since the last frame (heartbeats included); null before the first.</param>
/// <param name="LimitUsed">Capacity this connection uses (instruments; Binance streams; Kotak HSM topics).</param>
/// <param name="LimitPerConnection">The broker's limit per connection in the same unit; null when it has none.</param>
/// <param name="LimitUnit"><c>instruments</c>, <c>streams</c> or <c>topics</c>.</param>
/// <param name="Session">
/// With <c>Sessions:Enabled</c>, the feed's market session in words (<c>closed until 09:00 IST Monday …</c>,
/// <c>open until 15:30 IST …</c>, <c>open 24/7 (BINANCE)</c>); null otherwise.
/// </param>
public sealed record FeedView(
    string Name,
    string Protocol,
    string State,
    long Reconnects,
    long Messages,
    long Events,
    long Errors,
    long Published,
    long Dropped,
    double EventsPerSecond,
    double MessagesPerSecond,
    List<string> Subscriptions,
    Dictionary<string, long> ErrorsByReason,
    long StaleTimeouts,
    double? LastFrameAgeMilliseconds,
    int LimitUsed,
    int? LimitPerConnection,
    string LimitUnit,
    string? Session = null);
