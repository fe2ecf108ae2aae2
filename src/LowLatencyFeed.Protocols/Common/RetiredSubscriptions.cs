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

        List<Subscription> retired = Retire(SubscriptionDiff.Compute(before, after).Removed, _retired, listed, static s => s.Instrument.Value);
        _retired = retired;
        var known = new List<Subscription>(after.Count + retired.Count);
        known.AddRange(after);
        known.AddRange(retired);
        return known;
    }

    /// <summary>
    /// The retirement rule, for entries of any kind (Kotak HSM retires topics, not instruments): the entries dropped
    /// now, then those retired earlier, each key once and none already in <paramref name="listed"/> (the keys still
    /// subscribed; the retired keys are added to it), at most <see cref="MaxRetired"/>.
    /// </summary>
    public static List<T> Retire<T, TKey>(IEnumerable<T> droppedNow, IEnumerable<T> earlier, HashSet<TKey> listed, Func<T, TKey> key)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(key);
        var retired = new List<T>();
        Add(droppedNow);
        Add(earlier);
        return retired;

        void Add(IEnumerable<T> entries)
        {
            foreach (T entry in entries)
            {
                if (retired.Count < MaxRetired && listed.Add(key(entry)))
                {
                    retired.Add(entry);
                }
            }
        }
    }
}
