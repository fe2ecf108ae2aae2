using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Which HSM topics a subscription uses and how they are named: an index (<c>nse_cm|Nifty 50</c>) is one <c>if|</c>
/// topic; a scrip is an <c>sf|</c> topic in every mode, plus a <c>dp|</c> topic in Full (and Depth20/Depth200, which HSM
/// serves as five levels). Ltp and Quote both use the scrip topic: HSM has no lighter feed.
/// </summary>
public static class KotakHsmTopics
{
    /// <summary>The wire prefix of a topic kind: <c>sf</c>, <c>if</c> or <c>dp</c>.</summary>
    public static string Prefix(KotakHsmTopicKind kind) => kind switch
    {
        KotakHsmTopicKind.Scrip => "sf",
        KotakHsmTopicKind.Index => "if",
        KotakHsmTopicKind.Depth => "dp",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a topic kind."),
    };

    /// <summary>Field ids the kind's table defines (values beyond it are malformed).</summary>
    public static int FieldCount(KotakHsmTopicKind kind) => kind switch
    {
        KotakHsmTopicKind.Scrip => KotakHsmLayout.ScripFieldCount,
        KotakHsmTopicKind.Index => KotakHsmLayout.IndexFieldCount,
        KotakHsmTopicKind.Depth => KotakHsmLayout.DepthFieldCount,
        _ => 0,
    };

    /// <summary>The kind named by the first three bytes of a topic name (<c>sf|</c>, <c>if|</c>, <c>dp|</c>), else <see cref="KotakHsmTopicKind.None"/>.</summary>
    public static KotakHsmTopicKind KindOf(ReadOnlySpan<byte> topicName)
    {
        if (topicName.Length < 4 || topicName[2] != (byte)'|')
        {
            return KotakHsmTopicKind.None;
        }

        return (topicName[0] | 0x20, topicName[1] | 0x20) switch
        {
            ('s', 'f') => KotakHsmTopicKind.Scrip,
            ('i', 'f') => KotakHsmTopicKind.Index,
            ('d', 'p') => KotakHsmTopicKind.Depth,
            _ => KotakHsmTopicKind.None,
        };
    }

    /// <summary>The topic name, e.g. <c>sf|nse_cm|11536</c>.</summary>
    public static string Name(KotakHsmTopicKind kind, string scrip) => Prefix(kind) + "|" + scrip;

    /// <summary>How many topics (tokens of the SDK's limits) <paramref name="subscription"/> uses: 2 for a scrip in Full or deeper, else 1.</summary>
    public static int TopicCount(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        string scrip = KotakSubscriptions.Scrip(subscription);
        return !KotakSubscriptions.IsIndex(scrip) && subscription.Mode >= SubscriptionMode.Full ? 2 : 1;
    }

    /// <summary>
    /// Every topic of <paramref name="subscriptions"/>, grouped index, scrip, depth (each group in subscription order); a
    /// topic named twice is kept once. Throws <see cref="ArgumentException"/> for an invalid scrip or more than
    /// <see cref="KotakHsmLayout.MaxTokens"/> topics. Cold path.
    /// </summary>
    public static List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> Expand(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var indices = new List<(KotakHsmTopicKind, string, Subscription)>();
        var scrips = new List<(KotakHsmTopicKind, string, Subscription)>();
        var depths = new List<(KotakHsmTopicKind, string, Subscription)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Subscription s in subscriptions)
        {
            string scrip = KotakSubscriptions.Scrip(s);
            KotakSubscriptions.Split(scrip);
            if (scrip.Length + 3 > byte.MaxValue)
            {
                throw new ArgumentException($"Kotak HSM topic names are at most {byte.MaxValue} bytes; '{scrip}' of {s.Instrument} is too long.", nameof(subscriptions));
            }

            if (KotakSubscriptions.IsIndex(scrip))
            {
                Add(indices, KotakHsmTopicKind.Index, scrip, s, seen);
                continue;
            }

            Add(scrips, KotakHsmTopicKind.Scrip, scrip, s, seen);
            if (s.Mode >= SubscriptionMode.Full)
            {
                Add(depths, KotakHsmTopicKind.Depth, scrip, s, seen);
            }
        }

        var topics = new List<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)>(indices.Count + scrips.Count + depths.Count);
        topics.AddRange(indices);
        topics.AddRange(scrips);
        topics.AddRange(depths);
        if (topics.Count > KotakHsmLayout.MaxTokens)
        {
            throw new ArgumentException(
                $"Kotak HSM takes at most {KotakHsmLayout.MaxTokens} topics per connection (channels {KotakHsmLayout.FirstChannel}–{KotakHsmLayout.LastChannel} × {KotakHsmLayout.MaxTokensPerChannel}); "
                + $"{subscriptions.Count} subscription(s) need {topics.Count} (a scrip in Full mode uses a quote and a depth topic).",
                nameof(subscriptions));
        }

        return topics;
    }

    private static void Add(List<(KotakHsmTopicKind, string, Subscription)> group, KotakHsmTopicKind kind, string scrip, Subscription subscription, HashSet<string> seen)
    {
        if (seen.Add(Name(kind, scrip)))
        {
            group.Add((kind, scrip, subscription));
        }
    }
}
