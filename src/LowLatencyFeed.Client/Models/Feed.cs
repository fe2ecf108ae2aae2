namespace LowLatencyFeed.Client.Models;

/// <summary>A feed connection (<c>GET /api/feeds</c>).</summary>
public sealed record Feed(
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
    List<string> Subscriptions);
