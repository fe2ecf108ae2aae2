using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Wraps the caller's sink for the decode loop. Passes claims straight through except for the first market event
/// after a reconnect: that one is decoded into a scratch slot, flagged <see cref="EventFlags.AfterGap"/> and copied
/// into the real slot on publish (decoders assign the whole header, so the flag cannot be set at claim time).
/// Also remembers an unpublished claim so a throwing decoder cannot leave a hole that stalls a ring.
/// </summary>
internal struct SessionSink<TSink> : IEventSink
    where TSink : IEventSink
{
    private readonly AfterGapSlot _gap;
    private TSink _inner;
    private bool _claimOpen;
    private bool _insideSink;

    public SessionSink(TSink inner, AfterGapSlot gap)
    {
        _inner = inner;
        _gap = gap;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref MarketEvent Claim()
    {
        if (_gap.Armed)
        {
            _gap.Scratch = default;
            _claimOpen = false;
            return ref _gap.Scratch;
        }

        _insideSink = true;
        ref MarketEvent slot = ref _inner.Claim();
        _insideSink = false;
        _claimOpen = true;
        return ref slot;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish()
    {
        if (_gap.Armed)
        {
            PublishScratch();
            return;
        }

        _claimOpen = false;
        _insideSink = true;
        _inner.Publish();
        _insideSink = false;
    }

    /// <summary>
    /// True when an exception escaped from the wrapped sink itself (e.g. a halted ring), not from the decoder: the
    /// session must stop rather than count it as a decode fault and carry on.
    /// </summary>
    public readonly bool SinkFaulted => _insideSink;

    /// <summary>Claims a slot of the wrapped sink directly (lifecycle events never carry the gap flag).</summary>
    public ref MarketEvent ClaimControl() => ref _inner.Claim();

    /// <summary>Publishes the slot from <see cref="ClaimControl"/>.</summary>
    public void PublishControl() => _inner.Publish();

    /// <summary>Flags the next market event as following a gap.</summary>
    public readonly void ArmAfterGap() => _gap.Armed = true;

    /// <summary>
    /// After a decoder threw: publishes a claim it left open (its content may be partial; an unpublished ring slot
    /// would block every consumer forever). Returns true when there was one.
    /// </summary>
    public bool CloseOpenClaim()
    {
        if (!_claimOpen)
        {
            return false;
        }

        _claimOpen = false;
        _inner.Publish();
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishScratch()
    {
        ref MarketEvent scratch = ref _gap.Scratch;
        bool market = scratch.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth;
        _insideSink = true;
        ref MarketEvent slot = ref _inner.Claim();
        slot = scratch;
        if (market)
        {
            slot.Header.Flags |= EventFlags.AfterGap;
            _gap.Armed = false;
        }

        _inner.Publish();
        _insideSink = false;
    }
}
