using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Tokens;

/// <summary>
/// A broker session credential and when it stops working. <see cref="ToString"/> never shows the secret parts, so a
/// token that reaches a log line by mistake leaks nothing.
/// </summary>
/// <param name="Broker">The broker.</param>
/// <param name="AccessToken">What the feed and REST calls send (Kite access token, Dhan JWT, Kotak session token).</param>
/// <param name="IssuedAt">When it was obtained.</param>
/// <param name="ExpiresAt">When it stops working; null when the broker does not say.</param>
/// <param name="SessionId">Kotak's session sid; empty for the others.</param>
public sealed record BrokerToken(BrokerKind Broker, string AccessToken, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, string SessionId = "")
{
    /// <summary>Time left at <paramref name="now"/> (negative when expired); null when the expiry is unknown.</summary>
    public TimeSpan? RemainingAt(DateTimeOffset now) => ExpiresAt - now;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Broker} token issued {IssuedAt:O}, expires {(ExpiresAt is { } e ? e.ToString("O") : "unknown")} (value redacted)";

    /// <summary>
    /// Kite's access token expires at 06:00 IST on the day after it was issued (Kite/README.md §11); a login before
    /// 06:00 IST gets a token that dies that same morning.
    /// </summary>
    public static DateTimeOffset KiteExpiry(DateTimeOffset issuedAt)
    {
        DateTimeOffset ist = issuedAt.ToOffset(TimeSpan.FromMinutes(330));
        DateTimeOffset sixToday = new(ist.Year, ist.Month, ist.Day, 6, 0, 0, ist.Offset);
        return (ist < sixToday ? sixToday : sixToday.AddDays(1)).ToUniversalTime();
    }
}
