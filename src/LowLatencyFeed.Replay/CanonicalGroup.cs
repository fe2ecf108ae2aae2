using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>
/// The derived events of one replayed event, gathered from every parallel worker and put in the canonical order:
/// by instrument id, each instrument's events in the order it published them (a stable sort). Reused between groups.
/// </summary>
internal sealed class CanonicalGroup
{
    private DerivedEvent[] _events = new DerivedEvent[256];
    private Key[] _keys = new Key[256];
    private DerivedEvent[] _sorted = new DerivedEvent[256];

    public int Count { get; private set; }

    public ref readonly DerivedEvent this[int index] => ref _sorted[index];

    public void Clear() => Count = 0;

    public void Add(ref readonly DerivedEvent e)
    {
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, Count * 2);
            Array.Resize(ref _keys, Count * 2);
            _sorted = new DerivedEvent[Count * 2];
        }

        _events[Count] = e;
        _keys[Count] = new Key(e.Header.Instrument.Value, Count);
        Count++;
    }

    public void SortByInstrument()
    {
        Span<Key> keys = _keys.AsSpan(0, Count);
        keys.Sort(default(KeyComparer));
        for (int i = 0; i < keys.Length; i++)
        {
            _sorted[i] = _events[keys[i].Ordinal];
        }
    }

    private readonly record struct Key(long Instrument, int Ordinal);

    /// <summary>Instrument, then arrival: the ordinal tie-break makes the sort stable.</summary>
    private readonly struct KeyComparer : IComparer<Key>
    {
        public int Compare(Key x, Key y)
        {
            int byInstrument = x.Instrument.CompareTo(y.Instrument);
            return byInstrument != 0 ? byInstrument : x.Ordinal.CompareTo(y.Ordinal);
        }
    }
}
