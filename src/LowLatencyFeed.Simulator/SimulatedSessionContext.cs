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
    ILogger Logger);
