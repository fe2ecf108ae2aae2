using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator;

/// <summary>What a feed session knows about its connection when it is created.</summary>
/// <param name="ConnectionId">The server-wide connection number (0 for the first).</param>
/// <param name="QueryString">The request's query string including '?', or empty (Binance streams, Kite api_key).</param>
/// <param name="Instruments">The instruments this feed streams, in generator order.</param>
/// <param name="Options">The server options.</param>
/// <param name="Logger">Log for this connection.</param>
public sealed record SimulatedSessionContext(
    int ConnectionId,
    string QueryString,
    IReadOnlyList<SimulatedInstrument> Instruments,
    SimulatorOptions Options,
    ILogger Logger)
{
    /// <summary>Whether a credential was expired or revoked (<see cref="SimulatorServer.ExpireToken"/>, <see cref="SimulatorServer.RevokeToken"/>).</summary>
    public Func<string, bool> IsTokenRevoked { get; init; } = static _ => false;

    /// <summary>
    /// Records a credential the client sent in a message (Kotak's session token in the auth frame), so
    /// <see cref="SimulatorServer.ExpireToken"/> reaches the connection as it reaches one with the token in its URL.
    /// </summary>
    public Action<string> PresentToken { get; init; } = static _ => { };

    /// <summary>Ends the connection because a credential in a message is refused: close 1008 with the given reason.</summary>
    public Action<string> RefuseToken { get; init; } = static _ => { };
}
