using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>Subscription changes on a live connection (Kite/README.md §2).</summary>
public sealed partial class KiteProtocol : ISubscriptionChangeProtocol
{
    /// <summary>
    /// <c>unsubscribe</c> with the removed tokens, <c>subscribe</c> with the added ones, then one <c>mode</c> per mode
    /// group of the added and mode-changed tokens (ltp, quote, full). Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        SubscriptionDiff diff = SubscriptionDiff.Compute(before, after);
        var messages = new List<OutgoingMessage>(5);
        if (diff.Removed.Count > 0)
        {
            messages.Add(new OutgoingMessage(KiteRequestWriter.Unsubscribe(Tokens(diff.Removed)), MessageKind.Text));
        }

        var moded = new List<Subscription>(diff.Added.Count + diff.ModeChanged.Count);
        moded.AddRange(diff.Added);
        foreach ((_, Subscription changed) in diff.ModeChanged)
        {
            moded.Add(changed);
        }

        if (diff.Added.Count > 0)
        {
            messages.Add(new OutgoingMessage(KiteRequestWriter.Subscribe(Tokens(diff.Added)), MessageKind.Text));
        }

        foreach (KiteMode mode in (ReadOnlySpan<KiteMode>)[KiteMode.Ltp, KiteMode.Quote, KiteMode.Full])
        {
            var group = new List<long>();
            foreach (Subscription s in moded)
            {
                if (KiteModes.FromSubscription(s.Mode) == mode)
                {
                    group.Add(s.Instrument.Token);
                }
            }

            if (group.Count > 0)
            {
                messages.Add(new OutgoingMessage(KiteRequestWriter.Mode(mode, group.ToArray()), MessageKind.Text));
            }
        }

        return messages;
    }

    private static long[] Tokens(IReadOnlyList<Subscription> subscriptions)
    {
        var tokens = new long[subscriptions.Count];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = subscriptions[i].Instrument.Token;
        }

        return tokens;
    }
}
