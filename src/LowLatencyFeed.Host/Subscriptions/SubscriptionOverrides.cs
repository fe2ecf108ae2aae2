using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>Applies kept runtime subscription changes over the configured instruments, before the feeds are built.</summary>
public static class SubscriptionOverrides
{
    /// <summary>
    /// For each change of a configured feed (in the order kept): subscribed adds the instrument or sets its mode,
    /// unsubscribed removes it. Changes of feeds no longer configured are ignored. Returns how many were applied.
    /// </summary>
    public static int Apply(IReadOnlyList<FeedOptions> feeds, IReadOnlyList<PersistedSubscription> changes)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(changes);
        int applied = 0;
        foreach (PersistedSubscription change in changes)
        {
            FeedOptions? feed = null;
            foreach (FeedOptions candidate in feeds)
            {
                if (string.Equals(candidate.Name, change.Feed, StringComparison.OrdinalIgnoreCase))
                {
                    feed = candidate;
                }
            }

            if (feed is null)
            {
                continue;
            }

            int at = feed.Instruments.FindIndex(i => i.Token == change.Token);
            if (!change.Subscribed)
            {
                if (at >= 0)
                {
                    feed.Instruments.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                feed.Instruments[at].Mode = change.Mode;
            }
            else
            {
                feed.Instruments.Add(new InstrumentOptions
                {
                    Token = change.Token,
                    Symbol = change.Symbol,
                    Segment = change.Segment,
                    Mode = change.Mode,
                    PriceDecimals = change.PriceDecimals,
                    QuantityDecimals = change.QuantityDecimals,
                });
            }

            applied++;
        }

        return applied;
    }
}
