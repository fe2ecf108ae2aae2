using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Core.Events;

/// <summary>
/// The "second ring" for depth deeper than the <see cref="InlineDepthLevels.Capacity"/> levels that fit a ring slot
/// (Dhan 20/200-level sides, large Binance diffs). Preallocated slabs of <see cref="LevelsPerSide"/> bid and
/// <see cref="LevelsPerSide"/> ask levels, handed out round-robin and referenced from <see cref="DepthPayload.SlabIndex"/>.
/// </summary>
/// <remarks>
/// <para><b>Invariant.</b> A slab records the ring sequence of the event that last referenced it. It is handed out
/// again only when every consumer of the ring has processed that sequence, i.e. when the gate (the minimum consumer
/// sequence, supplied by the host from the ring) is at least the recorded sequence. So a consumer reading the levels
/// of the event it is processing can never see them overwritten.</para>
/// <para><b>Producer protocol.</b> Claim the ring slot, call <see cref="Claim()"/>, write the levels through
/// <see cref="WritableBids"/>/<see cref="WritableAsks"/> (and <see cref="Metadata"/>), set <see cref="DepthPayload.SlabIndex"/>
/// and the counts, publish the slot, then <see cref="Commit"/> the slab with the sequence the slot was published at
/// (<see cref="EventHeader.Sequence"/>, stamped by the ring publisher). Between claim and commit the slab counts as
/// referenced by an unconsumed event, so it cannot be reused early whichever way the sink stamps sequences. A producer that
/// knows its sequence before publishing may use <see cref="Claim(long)"/> instead. Several producers may share one pool:
/// tickets are taken with <see cref="Interlocked"/> and a slab is never given to two producers at once.</para>
/// <para><b>Sizing.</b> <see cref="Claim()"/> spin-waits (counted in <see cref="WaitSpins"/>) while the next slab is still
/// referenced by an unconsumed event. Use at least as many slabs as there are ring slots that can hold slab events,
/// so a producer can only wait for consumers, never for another producer's unpublished slot.</para>
/// <para>Without a gate (tools and tests whose sink consumes each event inside Publish) slabs are reused freely.</para>
/// </remarks>
public sealed class DepthSlabPool
{
    /// <summary>Default levels per side: the deepest feed (Dhan 200-level).</summary>
    public const int DefaultLevelsPerSide = 200;

    /// <summary>Recorded sequence of a slab no event has referenced yet.</summary>
    public const long NeverReferenced = long.MinValue;

    /// <summary>Recorded sequence of a slab claimed but not yet committed: never released by any gate value.</summary>
    public const long InFlight = long.MaxValue;

    private readonly DepthLevel[] _levels;
    private readonly long[] _referencingSequence;
    private readonly long[] _turn;
    private readonly DepthSlabMetadata[] _metadata;
    private readonly Func<long>? _gate;
    private readonly int _levelsPerSide;
    private readonly int _slabMask;
    private readonly int _slabShift;
    private long _nextTicket;
    private long _cachedGate = NeverReferenced;
    private long _waitSpins;
    private long _waitedClaims;

    /// <summary>Preallocates <paramref name="slabCount"/> slabs.</summary>
    /// <param name="slabCount">Number of slabs, a power of two.</param>
    /// <param name="levelsPerSide">Capacity of each side of a slab.</param>
    /// <param name="gate">Returns the minimum sequence processed by every consumer of the ring; null when events are consumed synchronously.</param>
    public DepthSlabPool(int slabCount, int levelsPerSide = DefaultLevelsPerSide, Func<long>? gate = null)
    {
        if (slabCount <= 0 || !BitOperations.IsPow2(slabCount))
        {
            ThrowArgument(nameof(slabCount), "Slab count must be a positive power of two.");
        }

        if (levelsPerSide <= 0 || levelsPerSide > ushort.MaxValue)
        {
            ThrowArgument(nameof(levelsPerSide), "Levels per side must be between 1 and 65535.");
        }

        _levelsPerSide = levelsPerSide;
        _slabMask = slabCount - 1;
        _slabShift = BitOperations.Log2((uint)slabCount);
        _gate = gate;
        _levels = new DepthLevel[checked(slabCount * 2 * levelsPerSide)];
        _referencingSequence = new long[slabCount];
        _turn = new long[slabCount];
        _metadata = new DepthSlabMetadata[slabCount];
        Array.Fill(_referencingSequence, NeverReferenced);
    }

    /// <summary>Number of slabs.</summary>
    public int SlabCount => _slabMask + 1;

    /// <summary>Capacity of each side of a slab.</summary>
    public int LevelsPerSide => _levelsPerSide;

    /// <summary>Spin iterations spent waiting for consumers to release a slab (a sizing signal; 0 when the pool is large enough).</summary>
    public long WaitSpins => Volatile.Read(ref _waitSpins);

    /// <summary>Claims that had to wait at least once.</summary>
    public long WaitedClaims => Volatile.Read(ref _waitedClaims);

    /// <summary>
    /// Takes the next slab, waiting until every consumer has passed the event that referenced it before. The slab stays
    /// unavailable until <see cref="Commit"/> records the sequence of the event that references it now. Its levels keep
    /// old values: write them before publishing.
    /// </summary>
    /// <returns>The slab index to store in <see cref="DepthPayload.SlabIndex"/>.</returns>
    public int Claim() => ClaimCore(InFlight);

    /// <summary>
    /// Takes the next slab for the event at ring <paramref name="referencingSequence"/> (known before publishing), waiting
    /// until every consumer has passed the event that referenced it before. No <see cref="Commit"/> is needed.
    /// </summary>
    public int Claim(long referencingSequence) => ClaimCore(referencingSequence);

    /// <summary>Records that the event published at <paramref name="referencingSequence"/> references <paramref name="slab"/>.</summary>
    public void Commit(int slab, long referencingSequence)
    {
        CheckSlab(slab);
        Volatile.Write(ref _referencingSequence[slab], referencingSequence);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ClaimCore(long referencingSequence)
    {
        long ticket = Interlocked.Increment(ref _nextTicket) - 1;
        int slab = (int)(ticket & _slabMask);
        long round = ticket >> _slabShift;

        // Another producer may still hold this slab from the previous round (only when producers outpace the pool).
        if (Volatile.Read(ref _turn[slab]) != round || !IsReleased(Volatile.Read(ref _referencingSequence[slab])))
        {
            WaitForSlab(slab, round);
        }

        Volatile.Write(ref _referencingSequence[slab], referencingSequence);
        _metadata[slab] = default;
        Volatile.Write(ref _turn[slab], round + 1);
        return slab;
    }

    /// <summary>Whether the slab's last referencing event has been processed by every consumer.</summary>
    public bool IsReleased(int slab)
    {
        CheckSlab(slab);
        return IsReleased(Volatile.Read(ref _referencingSequence[slab]));
    }

    /// <summary>The ring sequence of the event that last referenced <paramref name="slab"/>, or <see cref="NeverReferenced"/>.</summary>
    public long ReferencingSequence(int slab)
    {
        CheckSlab(slab);
        return Volatile.Read(ref _referencingSequence[slab]);
    }

    /// <summary>The whole bid side of a slab, for the producer to fill (best first).</summary>
    public Span<DepthLevel> WritableBids(int slab)
    {
        CheckSlab(slab);
        return _levels.AsSpan(slab * 2 * _levelsPerSide, _levelsPerSide);
    }

    /// <summary>The whole ask side of a slab, for the producer to fill (best first).</summary>
    public Span<DepthLevel> WritableAsks(int slab)
    {
        CheckSlab(slab);
        return _levels.AsSpan((slab * 2 * _levelsPerSide) + _levelsPerSide, _levelsPerSide);
    }

    /// <summary>The first <paramref name="count"/> bid levels of a slab.</summary>
    public ReadOnlySpan<DepthLevel> Bids(int slab, int count)
    {
        CheckSlab(slab);
        CheckCount(count);
        return new ReadOnlySpan<DepthLevel>(_levels, slab * 2 * _levelsPerSide, count);
    }

    /// <summary>The first <paramref name="count"/> ask levels of a slab.</summary>
    public ReadOnlySpan<DepthLevel> Asks(int slab, int count)
    {
        CheckSlab(slab);
        CheckCount(count);
        return new ReadOnlySpan<DepthLevel>(_levels, (slab * 2 * _levelsPerSide) + _levelsPerSide, count);
    }

    /// <summary>The bid levels of a depth payload, inline or in this pool.</summary>
    public ReadOnlySpan<DepthLevel> Bids(ref readonly DepthPayload depth)
    {
        if (depth.SlabIndex < 0)
        {
            CheckInline(depth.BidCount, depth.AskCount);
            ReadOnlySpan<DepthLevel> inline = depth.Levels;
            return inline[..depth.BidCount];
        }

        return Bids(depth.SlabIndex, depth.BidCount);
    }

    /// <summary>The ask levels of a depth payload, inline or in this pool.</summary>
    public ReadOnlySpan<DepthLevel> Asks(ref readonly DepthPayload depth)
    {
        if (depth.SlabIndex < 0)
        {
            CheckInline(depth.BidCount, depth.AskCount);
            ReadOnlySpan<DepthLevel> inline = depth.Levels;
            return inline.Slice(depth.BidCount, depth.AskCount);
        }

        return Asks(depth.SlabIndex, depth.AskCount);
    }

    /// <summary>Per-slab metadata (cleared by <see cref="Claim()"/>).</summary>
    public ref DepthSlabMetadata Metadata(int slab)
    {
        CheckSlab(slab);
        return ref _metadata[slab];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsReleased(long recorded)
    {
        if (recorded == InFlight)
        {
            return false;
        }

        if (_gate is null || recorded <= Volatile.Read(ref _cachedGate))
        {
            return true;
        }

        // The gate only moves forward, so a cached (older) value is conservative; refresh it only when it is not enough.
        long gate = _gate();
        Volatile.Write(ref _cachedGate, gate);
        return recorded <= gate;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForSlab(int slab, long round)
    {
        Interlocked.Increment(ref _waitedClaims);
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _turn[slab]) != round)
        {
            Interlocked.Increment(ref _waitSpins);
            spinner.SpinOnce();
        }

        while (!IsReleased(Volatile.Read(ref _referencingSequence[slab])))
        {
            Interlocked.Increment(ref _waitSpins);
            spinner.SpinOnce();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckSlab(int slab)
    {
        if ((uint)slab > (uint)_slabMask)
        {
            ThrowArgument(nameof(slab), "Slab index is outside the pool.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckCount(int count)
    {
        if ((uint)count > (uint)_levelsPerSide)
        {
            ThrowArgument(nameof(count), "Level count exceeds the slab's levels per side.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckInline(int bids, int asks)
    {
        if (bids + asks > InlineDepthLevels.Capacity)
        {
            ThrowArgument("depth", "Inline depth counts exceed the inline capacity.");
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string name, string message) => throw new ArgumentOutOfRangeException(name, message);
}
