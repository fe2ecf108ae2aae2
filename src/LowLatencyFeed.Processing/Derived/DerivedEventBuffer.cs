namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// An in-memory <see cref="IDerivedEventSink"/>: keeps every published event in order. Grows (allocates) only when
/// <see cref="Count"/> passes the capacity; size it up front, or <see cref="Clear"/> it between batches, to stay
/// allocation-free. For tests, replay tools and benchmarks; not thread-safe.
/// </summary>
public sealed class DerivedEventBuffer : IDerivedEventSink
{
    private DerivedEvent[] _events;
    private int _count;
    private bool _claimed;

    /// <summary>Creates a buffer holding <paramref name="capacity"/> events before it grows.</summary>
    public DerivedEventBuffer(int capacity = 1024)
    {
        if (capacity <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), "Capacity must be positive.");
        }

        _events = new DerivedEvent[capacity];
    }

    /// <summary>Published events.</summary>
    public int Count => _count;

    /// <summary>The published events, oldest first (valid until the next publish or clear).</summary>
    public ReadOnlySpan<DerivedEvent> Events => new(_events, 0, _count);

    /// <summary>The <paramref name="index"/>-th published event.</summary>
    public ref readonly DerivedEvent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(index), "No event at this index.");
            }

            return ref _events[index];
        }
    }

    /// <inheritdoc />
    public ref DerivedEvent Claim()
    {
        if (_count == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        _claimed = true;
        ref DerivedEvent slot = ref _events[_count];
        slot = default;
        return ref slot;
    }

    /// <inheritdoc />
    public void Publish()
    {
        if (!_claimed)
        {
            ThrowHelper.ThrowInvalidOperation("Publish without a Claim.");
        }

        _claimed = false;
        _count++;
    }

    /// <summary>Forgets every event (keeps the storage).</summary>
    public void Clear()
    {
        _count = 0;
        _claimed = false;
    }
}
