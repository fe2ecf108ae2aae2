namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// Removed subscriptions a decoder keeps knowing across live changes, newest first, at most <see cref="MaxRetired"/>.
/// Data the server sent before it read an unsubscribe is real data, not an error, and it can arrive after a further
/// change (two changes in quick succession): knowing only the instruments the last change removed then reported it as
/// an unknown instrument. Cold path, one caller at a time (the protocol's change builder).
/// </summary>
public sealed class RetiredSubscriptions
{
    /// <summary>Most removed instruments kept known (a few hundred bytes each in a decoder table).</summary>
    public const int MaxRetired = 1024;

    private List<Subscription> _retired = [];

    /// <summary>The instruments retired now, newest first.</summary>
    public IReadOnlyList<Subscription> Retired => _retired;

    /// <summary>
    /// Records the change from <paramref name="before"/> to <paramref name="after"/> and returns what a decoder must
    /// know after it: <paramref name="after"/>, then the instruments this change removed, then those retired earlier,
    /// leaving out any instrument subscribed again.
    /// </summary>
    public List<Subscription> KnownAfter(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var listed = new HashSet<long>(after.Count);
        foreach (Subscription s in after)
        {
            listed.Add(s.Instrument.Value);
        }

        var retired = new List<Subscription>();
        foreach (Subscription s in SubscriptionDiff.Compute(before, after).Removed)
        {
            if (retired.Count < MaxRetired && listed.Add(s.Instrument.Value))
            {
                retired.Add(s);
            }
        }

        foreach (Subscription s in _retired)
        {
            if (retired.Count < MaxRetired && listed.Add(s.Instrument.Value))
            {
                retired.Add(s);
            }
        }

        _retired = retired;
        var known = new List<Subscription>(after.Count + retired.Count);
        known.AddRange(after);
        known.AddRange(retired);
        return known;
    }
}
