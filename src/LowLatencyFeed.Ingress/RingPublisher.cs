using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring;

namespace LowLatencyFeed.Ingress;

/// <summary>
/// The <see cref="IEventSink"/> parsers write into: claims a ring slot, clears it, and publishes it stamped with its
/// sequence (the journal sequence). A struct so generic parsers inline it; pass it by <c>ref</c>. One per producer thread.
/// </summary>
public struct RingPublisher : IEventSink
{
    private const long NothingClaimed = long.MinValue;

    private readonly RingBuffer<MarketEvent> _ring;
    private readonly BackpressurePolicy _policy;
    private readonly MarketEvent[] _discard;
    private long _claimed;

    /// <summary>Creates a publisher onto <paramref name="ring"/>.</summary>
    public RingPublisher(RingBuffer<MarketEvent> ring, BackpressurePolicy policy = BackpressurePolicy.Wait, PublisherStatistics? statistics = null)
    {
        _ring = ring;
        _policy = policy;
        _discard = new MarketEvent[1];
        _claimed = NothingClaimed;
        Statistics = statistics ?? new PublisherStatistics();
    }

    /// <summary>Published and dropped counts.</summary>
    public PublisherStatistics Statistics { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref MarketEvent Claim()
    {
        long sequence;
        if (_policy == BackpressurePolicy.Wait)
        {
            sequence = _ring.Next();
        }
        else if (!_ring.TryNext(out sequence))
        {
            // Full ring under fail-fast: the parser writes into a scratch slot that is never published.
            _claimed = NothingClaimed;
            Statistics.CountDropped();
            ref MarketEvent scratch = ref _discard[0];
            scratch = default;
            return ref scratch;
        }

        _claimed = sequence;
        ref MarketEvent slot = ref _ring[sequence];
        slot = default;
        return ref slot;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish()
    {
        long sequence = _claimed;
        if (sequence == NothingClaimed)
        {
            return;
        }

        _ring[sequence].Header.Sequence = sequence;
        _claimed = NothingClaimed;
        _ring.Publish(sequence);
        Statistics.CountPublished();
    }
}
