using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>Subscription changes on a live connection (Kotak/README.md §7).</summary>
public sealed partial class KotakSFeedProtocol : ISubscriptionChangeProtocol
{
    private readonly RetiredSubscriptions _retired = new();

    /// <summary>
    /// <c>unsubscribe*</c> frames for the removed scrips and for the old level of changed ones, then <c>subscribe*</c>
    /// frames for the new level of changed ones and for the added scrips (the levels are separate subscriptions, so a
    /// mode change is an unsubscribe plus a subscribe; an index has one level and no mode change). No auth frame: the
    /// connection is authenticated already. Cold path.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="after"/> holds more than <see cref="MaxTokens"/> tokens.</exception>
    public IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (after.Count > MaxTokens)
        {
            throw new ArgumentException($"Kotak SFeed takes at most {MaxTokens} tokens per connection; {after.Count} were given.", nameof(after));
        }

        SubscriptionDiff diff = SubscriptionDiff.Compute(before, after);
        var leaving = new List<(string Name, string Scrip)>();
        var joining = new List<(string Name, string Scrip)>();
        foreach (Subscription s in diff.Removed)
        {
            string scrip = KotakSubscriptions.Scrip(s);
            leaving.Add((EventName(s, scrip, subscribe: false), scrip));
        }

        foreach ((Subscription old, Subscription changed) in diff.ModeChanged)
        {
            string scrip = KotakSubscriptions.Scrip(changed);
            string from = EventName(old, scrip, subscribe: true);
            string to = EventName(changed, scrip, subscribe: true);
            if (from != to)
            {
                leaving.Add((EventName(old, scrip, subscribe: false), scrip));
                joining.Add((to, scrip));
            }
        }

        foreach (Subscription s in diff.Added)
        {
            string scrip = KotakSubscriptions.Scrip(s);
            joining.Add((EventName(s, scrip, subscribe: true), scrip));
        }

        // Removed scrips stay decodable: packets the server sent before it read the unsubscribe are real data.
        _subscriptions = _retired.KnownAfter(before, after);
        RebuildInstruments();
        var messages = new List<OutgoingMessage>();
        AddFrames(messages, leaving);
        AddFrames(messages, joining);
        return messages;
    }

    /// <summary>The SFeed event for <paramref name="subscription"/>'s level (Kotak/README.md §7 table).</summary>
    private static string EventName(Subscription subscription, string scrip, bool subscribe)
    {
        if (KotakSubscriptions.IsIndex(scrip))
        {
            return subscribe ? KotakFeedEvents.SubscribeIndices : KotakFeedEvents.UnsubscribeIndices;
        }

        return subscription.Mode switch
        {
            SubscriptionMode.Ltp => subscribe ? KotakFeedEvents.SubscribeScripsLite : KotakFeedEvents.UnsubscribeScripsLite,
            SubscriptionMode.Quote => subscribe ? KotakFeedEvents.SubscribeScrips : KotakFeedEvents.UnsubscribeScrips,
            SubscriptionMode.Full => subscribe ? KotakFeedEvents.SubscribeDepth : KotakFeedEvents.UnsubscribeDepth,
            _ => subscribe ? KotakFeedEvents.SubscribeFullDepth : KotakFeedEvents.UnsubscribeFullDepth,
        };
    }

    private void AddFrames(List<OutgoingMessage> messages, List<(string Name, string Scrip)> requests)
    {
        int perFrame = Math.Max(1, _options.MaxTokensPerFrame);
        var names = new List<string>();
        foreach ((string name, _) in requests)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        foreach (string name in names)
        {
            bool subscribe = name.StartsWith("subscribe", StringComparison.Ordinal);
            var scrips = new List<string>();
            foreach ((string n, string scrip) in requests)
            {
                if (n == name)
                {
                    scrips.Add(scrip);
                }
            }

            for (int start = 0; start < scrips.Count; start += perFrame)
            {
                messages.Add(new OutgoingMessage(KotakRequestWriter.Tokens(name, scrips.GetRange(start, Math.Min(perFrame, scrips.Count - start)), ackSymbol: subscribe), MessageKind.Text));
            }
        }
    }
}
