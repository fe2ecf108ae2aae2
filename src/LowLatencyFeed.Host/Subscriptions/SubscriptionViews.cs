namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>One subscribed instrument of a feed.</summary>
/// <param name="Instrument">Engine id as <c>Feed:Token</c>.</param>
/// <param name="Token">Broker token.</param>
/// <param name="Symbol">Broker symbol, when the wire needs one.</param>
/// <param name="Segment">Broker segment, when the wire needs one.</param>
/// <param name="Mode"><c>Ltp</c>, <c>Quote</c>, <c>Full</c>, <c>Depth20</c> or <c>Depth200</c>.</param>
/// <param name="PriceDecimals">Price decimals.</param>
/// <param name="QuantityDecimals">Quantity decimals.</param>
/// <param name="Connection">The feed connection that carries it (<c>name</c> or <c>name#k</c>).</param>
public sealed record SubscriptionView(string Instrument, long Token, string? Symbol, string? Segment, string Mode, int PriceDecimals, int QuantityDecimals, string Connection);

/// <summary>A feed's subscriptions after a change.</summary>
/// <param name="Feed">Feed name.</param>
/// <param name="Changed">Instruments subscribed, re-moded or unsubscribed by this request (<c>Feed:Token</c>).</param>
/// <param name="Applied"><c>sent</c> (on the live connection; Binance: possibly still waiting there for room under the broker's 5 messages a second), <c>pending</c> (no connection open: the next connect subscribes it) or <c>unchanged</c>.</param>
/// <param name="PersistedTo">Where the change is kept for restarts (table or file); null when keeping it failed (see <paramref name="PersistError"/>).</param>
/// <param name="PersistError">Why the change could not be kept, null when it was.</param>
/// <param name="Subscriptions">Every instrument the feed now subscribes.</param>
public sealed record SubscriptionChangeView(string Feed, List<string> Changed, string Applied, string? PersistedTo, string? PersistError, List<SubscriptionView> Subscriptions);
