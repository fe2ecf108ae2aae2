using LowLatencyFeed.Core.Time;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Per-connection settings of the SFeed protocol, including the credentials of the auth frame. The credentials are
/// only ever written into that frame: <see cref="ToString"/> redacts them and nothing logs them.
/// </summary>
public sealed class KotakSFeedOptions
{
    /// <summary>The account's UCC (<c>user</c> of the auth frame).</summary>
    public string User { get; init; } = string.Empty;

    /// <summary>The session id from login (<c>auth</c> of the auth frame). Secret.</summary>
    public string SessionToken { get; init; } = string.Empty;

    /// <summary><c>source</c> of the auth frame.</summary>
    public string Source { get; init; } = "NEOTRADEAPI";

    /// <summary><c>platform</c> of the auth frame.</summary>
    public string Platform { get; init; } = "Web";

    /// <summary><c>version</c> of the auth frame (the SDK sends its package version).</summary>
    public string Version { get; init; } = "2.2.0";

    /// <summary><c>sdk_version</c> of the auth frame.</summary>
    public int SdkVersion { get; init; } = 220;

    /// <summary><c>sdk_date</c> of the auth frame.</summary>
    public string SdkDate { get; init; } = string.Empty;

    /// <summary>Stamped into <c>EventHeader.SessionId</c> of every event.</summary>
    public ushort SessionId { get; init; }

    /// <summary>Also subscribe to exchange status packets (code 105).</summary>
    public bool SubscribeExchangeStatus { get; init; }

    /// <summary>Most tokens per subscribe frame (the server takes any number; smaller frames keep errors local).</summary>
    public int MaxTokensPerFrame { get; init; } = 100;

    /// <summary>
    /// Publish packets of scrips no subscription names, as <c>InstrumentId.From(Kotak, token)</c> with
    /// <see cref="DefaultPriceDecimals"/> (the decode tool does). When false they are counted as UnknownInstrument and skipped.
    /// </summary>
    public bool PublishUnknownInstruments { get; init; }

    /// <summary>Price decimals for instruments without a subscription.</summary>
    public byte DefaultPriceDecimals { get; init; } = 2;

    /// <summary>Exchange ids and dividers, shareable between the connections of one account; a private table when null.</summary>
    public KotakExchangeTable? Exchanges { get; init; }

    /// <summary>Source of <c>conn_req_time</c> (Unix milliseconds); the shared monotonic clock when null.</summary>
    public Func<long>? UnixMilliseconds { get; init; }

    /// <summary>Names the settings without the credentials.</summary>
    public override string ToString() =>
        $"KotakSFeedOptions {{ User = {(User.Length == 0 ? "(none)" : "***")}, SessionToken = {(SessionToken.Length == 0 ? "(none)" : "***")}, SessionId = {SessionId}, Source = {Source}, Platform = {Platform}, Version = {Version} }}";

    internal long NowUnixMilliseconds() =>
        UnixMilliseconds?.Invoke() ?? (MonotonicClock.Shared.UnixNanoseconds() / UnixTime.NanosPerMillisecond);
}
