using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Tests.Support;

/// <summary>
/// An <see cref="IEventSink"/> over a preallocated array, for tests and allocation checks. A struct, so parsers
/// taking <c>ref TSink</c> specialize on it; it never allocates after construction.
/// </summary>
public struct CollectingSink : IEventSink
{
    private readonly MarketEvent[] _events;
    private int _count;
    private bool _claimed;

    /// <summary>Creates a sink that holds up to <paramref name="capacity"/> events.</summary>
    public CollectingSink(int capacity)
    {
        _events = new MarketEvent[capacity];
    }

    /// <summary>Events published so far.</summary>
    public readonly int Count => _count;

    /// <summary>The published events, in order.</summary>
    public readonly ReadOnlySpan<MarketEvent> Events => _events.AsSpan(0, _count);

    /// <summary>True while a slot is claimed but not yet published (a parser bug if left true).</summary>
    public readonly bool HasUnpublishedClaim => _claimed;

    /// <summary>The published event at <paramref name="index"/>.</summary>
    public readonly ref readonly MarketEvent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Only {_count} events were published.");
            }

            return ref _events[index];
        }
    }

    /// <inheritdoc />
    public ref MarketEvent Claim()
    {
        if (_count == _events.Length)
        {
            throw new InvalidOperationException($"CollectingSink is full ({_events.Length} events).");
        }

        // A claim without publish is overwritten by the next claim, as a ring slot would be.
        _claimed = true;
        ref MarketEvent slot = ref _events[_count];
        slot = default;
        return ref slot;
    }

    /// <inheritdoc />
    public void Publish()
    {
        if (!_claimed)
        {
            throw new InvalidOperationException("Publish without Claim.");
        }

        _claimed = false;
        _count++;
    }

    /// <summary>Forgets the published events (the array is reused).</summary>
    public void Clear()
    {
        _count = 0;
        _claimed = false;
    }

    /// <summary>Copies the published events (test assertions).</summary>
    public readonly MarketEvent[] ToArray() => Events.ToArray();
}
