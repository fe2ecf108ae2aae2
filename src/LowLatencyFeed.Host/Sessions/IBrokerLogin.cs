using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Tokens;

namespace LowLatencyFeed.Host.Sessions;

/// <summary>Obtains a fresh session token for a broker without a person, when the broker allows it.</summary>
public interface IBrokerLogin
{
    /// <summary>
    /// A new token for <paramref name="broker"/>, or null when this broker needs a person (Kite's browser login) or
    /// has no login. Refusals throw <see cref="LowLatencyFeed.Brokers.Logins.LoginException"/> naming the broker.
    /// </summary>
    Task<BrokerToken?> LoginAsync(BrokerKind broker, BrokerToken? current, CancellationToken cancellationToken);
}
