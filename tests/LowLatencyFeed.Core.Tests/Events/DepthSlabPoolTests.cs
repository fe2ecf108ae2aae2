using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Core.Tests.Events;

/// <summary>The depth slab pool: round-robin claims, reuse gated by the slowest consumer, bounds.</summary>
public sealed class DepthSlabPoolTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);

    [Fact]
    public void Slabs_are_handed_out_round_robin_and_wrap_around()
    {
        var pool = new DepthSlabPool(4, 10);
        int[] claimed = [.. Enumerable.Range(0, 9).Select(i => pool.Claim(i))];
        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3, 0], claimed);
        Assert.Equal(8, pool.ReferencingSequence(0));
        Assert.Equal(0, pool.WaitedClaims);
    }

    [Fact]
    public void Sides_of_a_slab_do_not_overlap_and_are_bounded()
    {
        var pool = new DepthSlabPool(2, 3);
        pool.WritableBids(1).Fill(new DepthLevel(1, 1, 1));
        pool.WritableAsks(1).Fill(new DepthLevel(2, 2, 2));
        pool.WritableBids(0).Fill(new DepthLevel(9, 9, 9));
        pool.WritableAsks(0).Fill(new DepthLevel(8, 8, 8));

        Assert.Equal(3, pool.WritableBids(1).Length);
        Assert.All(pool.Bids(1, 3).ToArray(), l => Assert.Equal(1, l.Price));
        Assert.All(pool.Asks(1, 3).ToArray(), l => Assert.Equal(2, l.Price));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Bids(2, 1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Asks(-1, 1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Bids(0, 4).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.WritableAsks(5).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Metadata(2).Tag);
    }

    [Fact]
    public void Constructor_rejects_sizes_that_are_not_powers_of_two_or_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthSlabPool(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthSlabPool(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthSlabPool(2, 0));
        Assert.Equal(DepthSlabPool.DefaultLevelsPerSide, new DepthSlabPool(1).LevelsPerSide);
    }

    [Fact]
    public void Payload_resolution_covers_inline_and_slab_levels_and_rejects_bad_inline_counts()
    {
        var pool = new DepthSlabPool(2, 20);
        var depth = new DepthPayload { SlabIndex = -1, BidCount = 2, AskCount = 3 };
        for (int i = 0; i < 5; i++)
        {
            depth.Levels[i] = new DepthLevel(i, i, i);
        }

        Assert.Equal([0L, 1L], pool.Bids(in depth).ToArray().Select(l => l.Price));
        Assert.Equal([2L, 3L, 4L], pool.Asks(in depth).ToArray().Select(l => l.Price));

        int slab = pool.Claim(0);
        pool.WritableAsks(slab)[..12].Fill(new DepthLevel(7, 7, 7));
        var deep = new DepthPayload { SlabIndex = slab, AskCount = 12 };
        Assert.Equal(12, pool.Asks(in deep).Length);
        Assert.Equal(0, pool.Bids(in deep).Length);

        var broken = new DepthPayload { SlabIndex = -1, BidCount = 6, AskCount = 6 };
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Bids(in broken).Length);
    }

    [Fact]
    public void Claim_clears_the_slab_metadata()
    {
        var pool = new DepthSlabPool(1, 4);
        int slab = pool.Claim(1);
        pool.Metadata(slab).LastUpdateId = 42;
        Assert.Equal(42, pool.Metadata(slab).LastUpdateId);
        Assert.Equal(slab, pool.Claim(2));
        Assert.Equal(0, pool.Metadata(slab).LastUpdateId);
    }

    [Fact]
    public async Task Reuse_waits_until_every_consumer_has_passed_the_referencing_sequence()
    {
        long gate = -1;
        var pool = new DepthSlabPool(2, 4, () => Volatile.Read(ref gate));
        Assert.Equal(0, pool.Claim(10));
        Assert.Equal(1, pool.Claim(11));
        Assert.False(pool.IsReleased(0));

        var reuse = Task.Run(() => pool.Claim(12));
        SpinUntil(() => pool.WaitSpins > 0);
        Assert.False(reuse.IsCompleted);

        Volatile.Write(ref gate, 9); // still before sequence 10: keeps waiting
        long spins = pool.WaitSpins;
        SpinUntil(() => pool.WaitSpins > spins + 2);
        Assert.False(reuse.IsCompleted);

        Volatile.Write(ref gate, 10);
        Assert.Equal(0, await reuse.WaitAsync(s_guard));
        Assert.Equal(12, pool.ReferencingSequence(0));
        Assert.Equal(1, pool.WaitedClaims);
    }

    [Fact]
    public async Task Claimed_slab_is_unavailable_until_committed_even_without_a_gate()
    {
        var pool = new DepthSlabPool(1, 4);
        int slab = pool.Claim();
        Assert.Equal(DepthSlabPool.InFlight, pool.ReferencingSequence(slab));
        Assert.False(pool.IsReleased(slab));

        var next = Task.Run(() => pool.Claim());
        SpinUntil(() => pool.WaitSpins > 0);
        Assert.False(next.IsCompleted);

        pool.Commit(slab, 5);
        pool.Commit(await next.WaitAsync(s_guard), 6);
    }

    [Fact]
    public async Task Concurrent_producers_never_hold_the_same_slab_at_once()
    {
        const int Producers = 2;
        const int ClaimsEach = 20_000;
        var pool = new DepthSlabPool(4, 1);
        int[] owners = new int[4];
        int conflicts = 0;
        var tasks = Enumerable.Range(1, Producers).Select(id => Task.Run(() =>
        {
            for (int i = 0; i < ClaimsEach; i++)
            {
                int slab = pool.Claim();
                if (Interlocked.Exchange(ref owners[slab], id) != 0)
                {
                    Interlocked.Increment(ref conflicts);
                }

                pool.WritableBids(slab)[0] = new DepthLevel(id, i, 0);
                if (pool.Bids(slab, 1)[0].Price != id)
                {
                    Interlocked.Increment(ref conflicts);
                }

                Volatile.Write(ref owners[slab], 0);
                pool.Commit(slab, i);
            }
        })).ToArray();

        await Task.WhenAll(tasks).WaitAsync(s_guard);
        Assert.Equal(0, conflicts);
    }

    private static void SpinUntil(Func<bool> condition)
    {
        // A guard against hangs only; the assertions never depend on how long this takes.
        Assert.True(SpinWait.SpinUntil(condition, s_guard), "condition not reached");
    }
}
