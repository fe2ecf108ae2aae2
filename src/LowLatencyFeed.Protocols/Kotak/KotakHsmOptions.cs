namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Per-connection settings of the HSM protocol, including the credentials of the connect request. The credentials are
/// only ever written into that request: <see cref="ToString"/> redacts them and nothing logs them.
/// </summary>
public sealed class KotakHsmOptions
{
    /// <summary>The JWT access token from login (field 1 of the connect request). Secret.</summary>
    public string AccessToken { get; init; } = string.Empty;

    /// <summary>The session id (<c>sid</c>) from login (field 2 of the connect request). Secret.</summary>
    public string SessionToken { get; init; } = string.Empty;

    /// <summary>Field 3 of the connect request.</summary>
    public string Source { get; init; } = KotakHsmLayout.Source;

    /// <summary>Stamped into <c>EventHeader.SessionId</c> of every event.</summary>
    public ushort SessionId { get; init; }

    /// <summary>
    /// Publish topics no subscription names, as <c>InstrumentId.From(Kotak, token)</c> (the numeric token of the topic
    /// name, else the topic id) with price decimals chosen from the topic's precision (the decode tool does). When false
    /// their SNAPs are counted as UnknownInstrument and skipped.
    /// </summary>
    public bool PublishUnknownInstruments { get; init; }

    /// <summary>Least topic-cache capacity per connection; the cache always holds every subscribed topic. Default 64.</summary>
    public int MinTopicCapacity { get; init; } = 64;

    /// <summary>
    /// Connection state (ACK interval, topic cache) to decode with; a private one when null. The decode tool shares one
    /// across the fresh protocol instances it creates per message, since SNAPs and the connect response precede the
    /// messages that need them.
    /// </summary>
    public KotakHsmConnectionState? State { get; init; }

    /// <summary>Names the settings without the credentials.</summary>
    public override string ToString() =>
        $"KotakHsmOptions {{ AccessToken = {(AccessToken.Length == 0 ? "(none)" : "***")}, SessionToken = {(SessionToken.Length == 0 ? "(none)" : "***")}, SessionId = {SessionId}, Source = {Source} }}";
}
