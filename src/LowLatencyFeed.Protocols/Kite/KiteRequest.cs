namespace LowLatencyFeed.Protocols.Kite;

/// <summary>A parsed client request (what the simulator receives from a client).</summary>
/// <param name="Action">subscribe, unsubscribe or mode.</param>
/// <param name="Mode">The requested mode for <see cref="KiteRequestAction.Mode"/>; null for the other actions.</param>
/// <param name="Tokens">Instrument tokens in request order.</param>
public sealed record KiteRequest(KiteRequestAction Action, KiteMode? Mode, IReadOnlyList<long> Tokens);
