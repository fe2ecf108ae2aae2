using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Sequencing;

/// <summary>Several publishing threads: claims are atomic, publication is tracked per slot and per lap.</summary>
public sealed class MultiProducerSequencerTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(60);

    [Fact]
    public void Cursor_is_the_highest_claim_and_availability_is_per_slot()
    {
        var sequencer = new MultiProducerSequencer(8, new BlockingWaitStrategy());
        long a = sequencer.Next();
        long b = sequencer.Next();
        long c = sequencer.Next();
        Assert.Equal(new long[] { 0, 1, 2 }, new[] { a, b, c });
        Assert.Equal(2, sequencer.Cursor); // claimed, not published
        Assert.False(sequencer.IsAvailable(0));

        sequencer.Publish(c);
        Assert.True(sequencer.IsAvailable(2));
        Assert.False(sequencer.IsAvailable(1));
        Assert.Equal(-1, sequencer.GetHighestPublishedSequence(0, 2));

        sequencer.Publish(a);
        Assert.Equal(0, sequencer.GetHighestPublishedSequence(0, 2));
        sequencer.Publish(b);
        Assert.Equal(2, sequencer.GetHighestPublishedSequence(0, 2));
    }

    [Fact]
    public void A_slot_published_in_an_earlier_lap_is_not_available_in_the_next()
    {
        var sequencer = new MultiProducerSequencer(4, new BlockingWaitStrategy());
        sequencer.Publish(0, sequencer.Next(4)); // lap 0: sequences 0..3
        Assert.True(sequencer.IsAvailable(0));

        long four = sequencer.Next(); // lap 1, slot 0
        Assert.Equal(4, four);
        Assert.False(sequencer.IsAvailable(4)); // slot 0 still holds lap 0's publication
        sequencer.Publish(four);
        Assert.True(sequencer.IsAvailable(4));
        Assert.False(sequencer.IsAvailable(0));
    }

    [Fact]
    public void Publishing_a_range_marks_every_slot_in_it()
    {
        var sequencer = new MultiProducerSequencer(8, new BlockingWaitStrategy(), initialSequence: 99);
        long hi = sequencer.Next(5); // 100..104
        Assert.Equal(104, hi);
        sequencer.Publish(100, 102);
        Assert.Equal(102, sequencer.GetHighestPublishedSequence(100, 104));
        sequencer.Publish(103, 104);
        Assert.Equal(104, sequencer.GetHighestPublishedSequence(100, 104));
    }

    [Fact]
    public void TryNext_refuses_to_pass_the_slowest_gating_consumer()
    {
        var sequencer = new MultiProducerSequencer(4, new BlockingWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        Assert.True(sequencer.TryNext(4, out long hi));
        sequencer.Publish(0, hi);
        Assert.False(sequencer.TryNext(out _));
        Assert.Equal(3, sequencer.Cursor); // a refused claim does not move the cursor

        consumer.Value = 0;
        Assert.True(sequencer.TryNext(out long next));
        Assert.Equal(4, next);
    }

    [Fact]
    public async Task Concurrent_claims_hand_out_every_sequence_exactly_once()
    {
        const int PerProducer = 50_000;
        int producers = Math.Clamp(Environment.ProcessorCount, 2, 4);
        var sequencer = new MultiProducerSequencer(1 << 20, new BlockingWaitStrategy());
        var claims = new long[producers][];
        var tasks = new Task[producers];
        for (int p = 0; p < producers; p++)
        {
            int producer = p;
            tasks[p] = Task.Run(() =>
            {
                var mine = new long[PerProducer];
                for (int i = 0; i < PerProducer; i++)
                {
                    mine[i] = (i & 1) == 0 ? sequencer.Next() : TryNextOrFail(sequencer);
                    sequencer.Publish(mine[i]);
                }

                claims[producer] = mine;
            });
        }

        await Task.WhenAll(tasks).WaitAsync(s_guard);
        long total = (long)producers * PerProducer;
        var seen = new bool[total];
        foreach (long[] mine in claims)
        {
            for (int i = 1; i < mine.Length; i++)
            {
                Assert.True(mine[i] > mine[i - 1], "one producer's claims increase");
            }

            foreach (long sequence in mine)
            {
                Assert.False(seen[sequence], $"sequence {sequence} handed out twice");
                seen[sequence] = true;
            }
        }

        Assert.Equal(total - 1, sequencer.Cursor);
        Assert.Equal(total - 1, sequencer.GetHighestPublishedSequence(0, total - 1));
    }

    [Fact]
    public async Task A_halt_turns_a_producer_waiting_for_capacity_into_an_error_naming_the_reason()
    {
        var sequencer = new MultiProducerSequencer(2, new BlockingWaitStrategy());
        sequencer.AddGatingSequences(new Sequence());
        sequencer.Publish(0, sequencer.Next(2));

        var blocked = Task.Run(() => sequencer.Next());
        sequencer.Halt("stage failed");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => blocked.WaitAsync(s_guard));
        Assert.Contains("stage failed", error.Message);
    }

    [Fact]
    public async Task A_producer_waiting_at_a_full_ring_claims_nothing_until_there_is_room()
    {
        var sequencer = new MultiProducerSequencer(4, new BlockingWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(0, sequencer.Next(4));

        var waiting = new Thread(() => Volatile.Write(ref s_claimed, sequencer.Next())) { IsBackground = true };
        Volatile.Write(ref s_claimed, -1);
        waiting.Start();

        // The producer backs off to 1 ms sleeps at a full ring: seen sleeping, it is inside the wait.
        var deadline = DateTime.UtcNow + s_guard;
        bool seenSleeping = false;
        while (!seenSleeping && DateTime.UtcNow < deadline)
        {
            seenSleeping = (waiting.ThreadState & ThreadState.WaitSleepJoin) != 0;
            await Task.Yield();
        }

        Assert.True(seenSleeping, "the producer sleeps while the ring is full");
        Assert.Equal(3, sequencer.Cursor); // a waiting claim holds no sequence that consumers would have to wait for
        Assert.Equal(3, sequencer.GetHighestPublishedSequence(0, sequencer.Cursor));

        consumer.Value = 0;
        Assert.True(waiting.Join(s_guard), "the producer claims once a slot is free");
        Assert.Equal(4, Volatile.Read(ref s_claimed));
        Assert.Equal(4, sequencer.Cursor);
    }

    private static long s_claimed;

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_batch_must_be_between_one_and_the_capacity(int n)
    {
        var sequencer = new MultiProducerSequencer(4, new BlockingWaitStrategy());
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(n));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.TryNext(n, out _));
    }

    private static long TryNextOrFail(MultiProducerSequencer sequencer)
    {
        Assert.True(sequencer.TryNext(out long sequence), "no consumer gates this ring, so a claim always fits");
        return sequence;
    }
}
