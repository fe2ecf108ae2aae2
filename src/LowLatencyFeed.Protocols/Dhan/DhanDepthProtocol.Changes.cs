using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Subscription changes on a live depth connection (Dhan/README.md §6).</summary>
public sealed partial class DhanDepthProtocol : ISubscriptionChangeProtocol
{
    private readonly RetiredSubscriptions _retired = new();

    /// <summary>
    /// Unsubscribe (code 24) for the removed instruments, then subscribe (23) for the added ones, in this connection's
    /// form: list form for 20-level (at most 50 per connection), flat form for 200-level (one per connection, so a
    /// change there is an unsubscribe and a subscribe). Subscriptions of other modes are left out. Cold path.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="after"/> holds more instruments than the connection takes.</exception>
    public IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        List<Subscription> mine = OfThisMode(after);
        int limit = _rowsInHeader ? 1 : DhanRequestWriter.MaxDepth20Instruments;
        if (mine.Count > limit)
        {
            throw new ArgumentException($"The Dhan {(_rowsInHeader ? 200 : 20)}-level feed takes at most {limit} instrument(s) per connection; {mine.Count} were given.", nameof(after));
        }

        SubscriptionDiff diff = SubscriptionDiff.Compute(OfThisMode(before), mine);

        // Removed instruments stay decodable: depth the server sent before it read the unsubscribe is real data.
        Volatile.Write(ref _instruments, DhanInstrumentTable.Build(_retired.KnownAfter(OfThisMode(before), mine)));
        var messages = new List<OutgoingMessage>();
        Add(messages, DhanRequestCode.UnsubscribeDepth, diff.Removed);
        Add(messages, DhanRequestCode.SubscribeDepth, diff.Added);
        return messages;
    }

    private List<Subscription> OfThisMode(IReadOnlyList<Subscription> subscriptions)
    {
        var mine = new List<Subscription>(subscriptions.Count);
        foreach (Subscription s in subscriptions)
        {
            if (s.Mode == Mode)
            {
                mine.Add(s);
            }
        }

        return mine;
    }

    private void Add(List<OutgoingMessage> messages, DhanRequestCode code, IReadOnlyList<Subscription> subscriptions)
    {
        var refs = new List<DhanInstrumentRef>(subscriptions.Count);
        foreach (Subscription s in subscriptions)
        {
            refs.Add(new DhanInstrumentRef(DhanSubscriptions.Segment(s), DhanSubscriptions.SecurityId(s)));
        }

        if (_rowsInHeader)
        {
            foreach (DhanInstrumentRef instrument in refs)
            {
                messages.Add(new OutgoingMessage(DhanRequestWriter.FlatRequest(code, instrument), MessageKind.Text));
            }

            return;
        }

        foreach (byte[] payload in DhanRequestWriter.ListRequests(code, refs, DhanRequestWriter.MaxDepth20Instruments))
        {
            messages.Add(new OutgoingMessage(payload, MessageKind.Text));
        }
    }
}
