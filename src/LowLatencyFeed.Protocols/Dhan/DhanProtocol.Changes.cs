using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Subscription changes on a live connection (Dhan/README.md §2).</summary>
public sealed partial class DhanProtocol : ISubscriptionChangeProtocol
{
    private readonly RetiredSubscriptions _retired = new();

    /// <summary>
    /// Unsubscribe requests (code 16/18/22 by the old mode) for removed instruments and for the old mode of changed
    /// ones, then subscribe requests (15/17/21) for the new mode of changed ones and for added ones; at most 100
    /// instruments per message. Dhan's modes are separate packet streams, so a mode change is an unsubscribe plus a
    /// subscribe. The decoder knows <paramref name="after"/> and, for data still in flight, the removed instruments. Cold path.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        SubscriptionDiff diff = SubscriptionDiff.Compute(before, after);
        var leaving = new List<Subscription>(diff.Removed);
        var joining = new List<Subscription>();
        foreach ((Subscription old, Subscription changed) in diff.ModeChanged)
        {
            leaving.Add(old);
            joining.Add(changed);
        }

        joining.AddRange(diff.Added);
        Volatile.Write(ref _instruments, DhanInstrumentTable.Build(_retired.KnownAfter(before, after)));
        var messages = new List<OutgoingMessage>();
        AddByMode(messages, leaving, subscribe: false);
        AddByMode(messages, joining, subscribe: true);
        return messages;
    }

    private static void AddByMode(List<OutgoingMessage> messages, List<Subscription> subscriptions, bool subscribe)
    {
        foreach ((SubscriptionMode mode, DhanRequestCode code) in (ReadOnlySpan<(SubscriptionMode, DhanRequestCode)>)
            [(SubscriptionMode.Ltp, DhanRequestCode.SubscribeTicker), (SubscriptionMode.Quote, DhanRequestCode.SubscribeQuote), (SubscriptionMode.Full, DhanRequestCode.SubscribeFull)])
        {
            var group = new List<DhanInstrumentRef>();
            foreach (Subscription s in subscriptions)
            {
                if (s.Mode == mode)
                {
                    group.Add(new DhanInstrumentRef(DhanSubscriptions.Segment(s), DhanSubscriptions.SecurityId(s)));
                }
            }

            // Each unsubscribe code is its subscribe code + 1 (Dhan/README.md §2).
            foreach (byte[] payload in DhanRequestWriter.ListRequests(subscribe ? code : code + 1, group))
            {
                messages.Add(new OutgoingMessage(payload, MessageKind.Text));
            }
        }
    }
}
