using LowLatencyFeed.Protocols.Common;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>Subscription changes on a live connection (Kotak/README.md §3).</summary>
public sealed partial class KotakHsmProtocol : ISubscriptionChangeProtocol
{
    private List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> _retiredTopics = [];

    /// <summary>
    /// Unsubscribe requests (type 5) for the topics <paramref name="before"/> has and <paramref name="after"/> does
    /// not, on the channels they were subscribed on, then subscribe requests (type 4) for the new topics on the
    /// channels <paramref name="after"/>'s order gives them. A mode change between Quote and Full adds or removes the
    /// scrip's depth topic. No connect request: the connection is open already. Topics of <paramref name="after"/> and the
    /// latest removed ones stay decodable, so data the server sent before it saw an unsubscribe is not an error. Cold path.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="after"/> needs more than <see cref="KotakHsmLayout.MaxTokens"/> topics.</exception>
    public IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> old = KotakHsmTopics.Expand(before);
        List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> next = KotakHsmTopics.Expand(after);
        HashSet<string> oldNames = Names(old);
        HashSet<string> nextNames = Names(next);
        // The topics this change drops, then those dropped before, stay decodable (RetiredSubscriptions' rule, by topic name).
        _retiredTopics = RetiredSubscriptions.Retire(old, _retiredTopics, new HashSet<string>(nextNames, StringComparer.OrdinalIgnoreCase), static t => KotakHsmTopics.Name(t.Kind, t.Scrip));
        var union = new List<(KotakHsmTopicKind, string, Subscription)>(next);
        union.AddRange(_retiredTopics);
        Volatile.Write(ref _table, KotakHsmTopicTable.Build(union));
        var messages = new List<OutgoingMessage>();
        AddRequests(messages, KotakHsmMessageType.Unsubscribe, old, nextNames);
        AddRequests(messages, KotakHsmMessageType.Subscribe, next, oldNames);
        return messages;
    }

    private static HashSet<string> Names(List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> topics)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var topic in topics)
        {
            names.Add(KotakHsmTopics.Name(topic.Kind, topic.Scrip));
        }

        return names;
    }

    /// <summary>
    /// Requests of <paramref name="type"/> for the topics of <paramref name="topics"/> not in <paramref name="skip"/>;
    /// a topic's channel is the one its position in the whole list gives it (as <see cref="KotakHsmRequestWriter.Subscriptions"/> assigns them).
    /// </summary>
    private static void AddRequests(List<OutgoingMessage> messages, KotakHsmMessageType type, List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> topics, HashSet<string> skip)
    {
        var scrips = new List<string>(L.MaxScripsPerRequest);
        KotakHsmTopicKind kind = default;
        int channel = -1;
        for (int i = 0; i < topics.Count; i++)
        {
            if (skip.Contains(KotakHsmTopics.Name(topics[i].Kind, topics[i].Scrip)))
            {
                continue;
            }

            int topicChannel = L.FirstChannel + (i / L.MaxTokensPerChannel);
            if (scrips.Count > 0 && (topics[i].Kind != kind || topicChannel != channel || scrips.Count == L.MaxScripsPerRequest))
            {
                messages.Add(new OutgoingMessage(KotakHsmRequestWriter.Subscription(type, kind, scrips, (byte)channel), MessageKind.Binary));
                scrips = new List<string>(L.MaxScripsPerRequest);
            }

            kind = topics[i].Kind;
            channel = topicChannel;
            scrips.Add(topics[i].Scrip);
        }

        if (scrips.Count > 0)
        {
            messages.Add(new OutgoingMessage(KotakHsmRequestWriter.Subscription(type, kind, scrips, (byte)channel), MessageKind.Binary));
        }
    }
}
