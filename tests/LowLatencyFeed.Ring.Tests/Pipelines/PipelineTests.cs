using LowLatencyFeed.Ring;
using LowLatencyFeed.Ring.Dsl;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Tests.Support;
using LowLatencyFeed.Ring.Waiting;

namespace LowLatencyFeed.Ring.Tests.Pipelines;

public class PipelineTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<WaitStrategyKind> Strategies => new()
    {
        WaitStrategyKind.Blocking,
        WaitStrategyKind.TimeoutBlocking,
        WaitStrategyKind.Sleeping,
        WaitStrategyKind.Yielding,
    };

    [Fact]
    public void Stress_three_producers_a_million_events_each_every_consumer_sees_each_once_in_producer_order()
    {
        const int producers = 3;
        const int perProducer = 1_000_000;
        var ring = RingBuffer<TestEvent>.CreateMultiProducer(1024, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<TestEvent>(ring);
        var first = new RecordingHandler(producers);
        var second = new RecordingHandler(producers);
        pipeline.HandleEventsWith(
            pipeline.Handler(first, new ConsumerOptions("first")),
            pipeline.Handler(second, new ConsumerOptions("second")));
        pipeline.Start();

        var threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() =>
            {
                for (long i = 0; i < perProducer; i++)
                {
                    long sequence = ring.Next();
                    ref var slot = ref ring[sequence];
                    slot.Producer = producer;
                    slot.Value = i;
                    ring.Publish(sequence);
                }
            });
            threads[p].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.True(pipeline.Shutdown(s_timeout));
        foreach (var handler in new[] { first, second })
        {
            Assert.Equal(producers * (long)perProducer, handler.Count);
            Assert.Equal(0, handler.OutOfOrder);
            Assert.Equal(0, handler.SequenceGaps);
            Assert.Equal((producers * (long)perProducer) - 1, handler.LastSequence);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Diamond_last_stage_never_sees_a_sequence_before_all_three_upstream_finished_it(WaitStrategyKind strategy)
    {
        const int events = 200_000;
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64, WaitStrategies.Create(strategy));
        using var pipeline = new Pipeline<TestEvent>(ring);
        var verify = new StageVerifyHandler(0b111);
        pipeline.HandleEventsWith(
                pipeline.Handler(new StageMarkHandler(0), new ConsumerOptions("a")),
                pipeline.Handler(new StageMarkHandler(1), new ConsumerOptions("b")),
                pipeline.Handler(new StageMarkHandler(2), new ConsumerOptions("c")))
            .Then(pipeline.Handler(verify, new ConsumerOptions("d")));
        pipeline.Start();

        for (int i = 0; i < events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        Assert.True(pipeline.Shutdown(s_timeout));
        Assert.Equal(events, verify.Count);
        Assert.Equal(0, verify.Incomplete);
    }

    [Fact]
    public void One_consumer_with_its_own_busy_spin_strategy_and_one_blocking_both_see_every_event_in_order()
    {
        const int events = 100_000;
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<TestEvent>(ring);
        var spinning = new RecordingHandler(1);
        var blocking = new RecordingHandler(1);
        pipeline.HandleEventsWith(
            pipeline.Handler(spinning, new ConsumerOptions("spinning", WaitStrategy: new BusySpinWaitStrategy())),
            pipeline.Handler(blocking, new ConsumerOptions("blocking")));
        pipeline.Start();
        for (int i = 0; i < events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        // Shutdown alerts both barriers: the spinning one (no signal needed) and the blocking one (signalled) end.
        Assert.True(pipeline.Shutdown(s_timeout));
        foreach (var handler in new[] { spinning, blocking })
        {
            Assert.Equal(events, handler.Count);
            Assert.Equal(0, handler.OutOfOrder);
            Assert.Equal(0, handler.SequenceGaps);
        }
    }

    [Fact]
    public void Small_ring_wraps_many_times_without_overwriting_unconsumed_slots()
    {
        const int events = 100_000;
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(4, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<TestEvent>(ring);
        var handler = new RecordingHandler(1);
        pipeline.HandleEventsWith(pipeline.Handler(handler, new ConsumerOptions("wrap")));
        pipeline.Start();
        for (int i = 0; i < events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        Assert.True(pipeline.Shutdown(s_timeout));
        Assert.Equal(events, handler.Count);
        Assert.Equal(0, handler.OutOfOrder);
    }

    [Fact]
    public void Shutdown_drains_events_still_in_flight_and_runs_shutdown_hooks()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(1024, new SleepingWaitStrategy());
        var pipeline = new Pipeline<TestEvent>(ring);
        var handler = new RecordingHandler(1, record: true);
        var gate = new ManualResetEventSlim(false);
        var slow = new GatedHandler(gate);
        pipeline.HandleEventsWith(pipeline.Handler(slow, new ConsumerOptions("slow")))
            .Then(pipeline.Handler(handler, new ConsumerOptions("tail")));
        pipeline.Start();

        for (int i = 0; i < 500; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        Assert.True(handler.Count < 500); // the slow stage holds everything back
        gate.Set();
        Assert.True(pipeline.Shutdown(s_timeout));
        Assert.Equal(500, handler.Count);
        Assert.Equal(499, handler.Seen[^1].Value);
        Assert.True(handler.Started);
        Assert.True(handler.ShutDown);
        Assert.Equal(0, pipeline.Lag(pipeline.Consumers[1]));
    }

    [Fact]
    public void Log_and_continue_skips_only_the_failing_event_and_counts_it()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<TestEvent>(ring);
        var handler = new RecordingHandler(1) { ThrowAt = sequence => sequence == 10 || sequence == 20 };
        pipeline.HandleEventsWith(pipeline.Handler(handler, new ConsumerOptions("faulty", ExceptionPolicy: ExceptionPolicy.LogAndContinue)));
        pipeline.Start();
        for (int i = 0; i < 100; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        Assert.True(pipeline.Shutdown(s_timeout));
        Assert.Equal(98, handler.Count);
        Assert.Equal(2, pipeline.Consumers[0].FaultCount);
        Assert.Null(pipeline.HaltReason);
    }

    [Fact]
    public void Halt_policy_stops_the_pipeline_names_the_failing_sequence_and_fails_producers()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<TestEvent>(ring);
        var handler = new RecordingHandler(1) { ThrowAt = sequence => sequence == 3 };
        pipeline.HandleEventsWith(pipeline.Handler(handler, new ConsumerOptions("fatal", ExceptionPolicy: ExceptionPolicy.Halt)));
        pipeline.Start();

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                long sequence = ring.Next();
                ring[sequence].Value = i;
                ring.Publish(sequence);
            }
        });

        Assert.Contains("sequence 3", error.Message);
        Assert.Contains("fatal", error.Message);
        Assert.Contains("sequence 3", pipeline.HaltReason);
        Assert.Equal(3, handler.Count);
        Assert.Equal(2, pipeline.Consumers[0].Sequence.Value);
    }

    [Fact]
    public void Consumers_can_be_pinned_only_to_cores_that_exist()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new BlockingWaitStrategy());
        using var pipeline = new Pipeline<TestEvent>(ring);
        var handler = new AffinityProbe();
        var beyond = new AffinityProbe();
        pipeline.HandleEventsWith(
            pipeline.Handler(handler, new ConsumerOptions("pinned", Core: 0)),
            pipeline.Handler(beyond, new ConsumerOptions("beyond", Core: Environment.ProcessorCount)));
        pipeline.Start();
        Assert.True(pipeline.Shutdown(s_timeout));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(1UL, handler.Mask);
            // A core beyond the machine is refused, so that thread keeps the default (every core).
            Assert.Equal(Environment.ProcessorCount, System.Numerics.BitOperations.PopCount(beyond.Mask));
            Assert.Equal("llfeed-pinned", handler.ThreadName);
        }
    }

    [Fact]
    public void Pinning_to_a_missing_core_explains_why()
    {
        Assert.False(LowLatencyFeed.Ring.Threading.ThreadAffinity.TryPinCurrentThread(Environment.ProcessorCount + 3, out string? error));
        Assert.Contains("does not exist", error);
        Assert.Contains(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), error);
    }
}
