using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>
/// One runtime subscription change kept across restarts: the feed's instrument is subscribed in <see cref="Mode"/>
/// (<see cref="Subscribed"/> true) or removed (false). Applied over the configured instruments at start.
/// </summary>
/// <param name="Feed">Configured feed name.</param>
/// <param name="Token">Broker token.</param>
/// <param name="Symbol">Broker symbol, may be empty.</param>
/// <param name="Segment">Broker segment, may be empty.</param>
/// <param name="Mode">Mode (the last one when unsubscribed).</param>
/// <param name="PriceDecimals">Price decimals.</param>
/// <param name="QuantityDecimals">Quantity decimals.</param>
/// <param name="Subscribed">True: subscribed; false: unsubscribed.</param>
public sealed record PersistedSubscription(
    string Feed,
    long Token,
    string Symbol,
    string Segment,
    SubscriptionMode Mode,
    byte PriceDecimals,
    byte QuantityDecimals,
    bool Subscribed);
