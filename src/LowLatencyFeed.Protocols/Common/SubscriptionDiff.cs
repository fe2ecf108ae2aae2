namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// What changes between two subscription lists, by instrument: added (in <c>after</c> only), removed (in
/// <c>before</c> only) and mode changes (in both, with another mode). Each list keeps the order of the list it comes
/// from. Cold path.
/// </summary>
public sealed class SubscriptionDiff
{
    private SubscriptionDiff(List<Subscription> added, List<Subscription> removed, List<(Subscription Before, Subscription After)> modeChanged)
    {
        Added = added;
        Removed = removed;
        ModeChanged = modeChanged;
    }

    /// <summary>Instruments subscribed in <c>after</c> but not in <c>before</c>.</summary>
    public IReadOnlyList<Subscription> Added { get; }

    /// <summary>Instruments subscribed in <c>before</c> but not in <c>after</c>.</summary>
    public IReadOnlyList<Subscription> Removed { get; }

    /// <summary>Instruments in both lists whose mode differs.</summary>
    public IReadOnlyList<(Subscription Before, Subscription After)> ModeChanged { get; }

    /// <summary>True when nothing changes.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && ModeChanged.Count == 0;

    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/> (an instrument listed twice keeps its last entry).</summary>
    public static SubscriptionDiff Compute(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = new Dictionary<long, Subscription>(before.Count);
        foreach (Subscription s in before)
        {
            old[s.Instrument.Value] = s;
        }

        var current = new Dictionary<long, Subscription>(after.Count);
        foreach (Subscription s in after)
        {
            current[s.Instrument.Value] = s;
        }

        var added = new List<Subscription>();
        var changed = new List<(Subscription, Subscription)>();
        foreach (Subscription s in after)
        {
            if (!ReferenceEquals(current[s.Instrument.Value], s))
            {
                continue;
            }

            if (!old.TryGetValue(s.Instrument.Value, out Subscription? previous))
            {
                added.Add(s);
            }
            else if (previous.Mode != s.Mode)
            {
                changed.Add((previous, s));
            }
        }

        var removed = new List<Subscription>();
        foreach (Subscription s in before)
        {
            if (ReferenceEquals(old[s.Instrument.Value], s) && !current.ContainsKey(s.Instrument.Value))
            {
                removed.Add(s);
            }
        }

        return new SubscriptionDiff(added, removed, changed);
    }
}
