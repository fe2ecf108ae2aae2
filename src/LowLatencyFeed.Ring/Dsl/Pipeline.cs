using System.Diagnostics;
using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Sequencing;
using LowLatencyFeed.Ring.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Ring.Dsl;

/// <summary>
/// The consumer graph over one ring: <c>HandleEventsWith(a, b, c).Then(d)</c> runs a, b and c in parallel on the
/// published events and d only on what all three finished. Producers are gated by the last stage, so no slot is
/// overwritten before every consumer is done with it. Each consumer gets its own named (optionally pinned) thread.
/// </summary>
public sealed class Pipeline<T> : IDisposable
    where T : struct
{
    private readonly RingBuffer<T> _ring;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly List<ConsumerSpec<T>> _consumers = [];
    private readonly HashSet<ConsumerSpec<T>> _upstream = [];
    private readonly List<Thread> _threads = [];
    private volatile string? _haltReason;
    private int _started;

    /// <summary>Creates an empty graph over <paramref name="ring"/>.</summary>
    public Pipeline(RingBuffer<T> ring, ILoggerFactory? loggerFactory = null)
    {
        _ring = ring;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("LowLatencyFeed.Ring.Pipeline");
    }

    /// <summary>The ring.</summary>
    public RingBuffer<T> Ring => _ring;

    /// <summary>Every consumer, in the order added.</summary>
    public IReadOnlyList<IEventProcessor> Consumers
    {
        get
        {
            var processors = new IEventProcessor[_consumers.Count];
            for (int i = 0; i < processors.Length; i++)
            {
                processors[i] = _consumers[i].Processor!;
            }

            return processors;
        }
    }

    /// <summary>Why the pipeline halted (a handler under <see cref="ExceptionPolicy.Halt"/> failed), or null.</summary>
    public string? HaltReason => _haltReason;

    /// <summary>Wraps a handler for placement in the graph; the processor is specialized for <typeparamref name="THandler"/>.</summary>
    public ConsumerSpec<T> Handler<THandler>(THandler handler, ConsumerOptions options)
        where THandler : IEventHandler<T> => new ConsumerSpecOf<T, THandler>(handler, options);

    /// <summary>Adds first-stage consumers (gated by the producer cursor).</summary>
    public HandlerGroup<T> HandleEventsWith(params ConsumerSpec<T>[] consumers) => Add(consumers, []);

    /// <summary>Events published but not yet finished by <paramref name="consumer"/>.</summary>
    public long Lag(IEventProcessor consumer) => Math.Max(0, _ring.Cursor - consumer.Sequence.Value);

    /// <summary>Starts one thread per consumer. Add every consumer first.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            ThrowHelper.ThrowAlreadyStarted();
        }

        var lastStage = new List<Sequence>();
        foreach (var consumer in _consumers)
        {
            if (!_upstream.Contains(consumer))
            {
                lastStage.Add(consumer.Processor!.Sequence);
            }
        }

        _ring.Sequencer.AddGatingSequences([.. lastStage]);
        foreach (var consumer in _consumers)
        {
            var processor = consumer.Processor!;
            int? core = consumer.Options.Core;
            var thread = new Thread(() => RunConsumer(processor, core))
            {
                Name = "llfeed-" + processor.Name,
                IsBackground = true,
            };
            _threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>
    /// Drains and stops: call after producers have stopped. Waits until every consumer finished the last published
    /// sequence (or <paramref name="timeout"/>), then stops the threads and joins them. Returns false on timeout.
    /// </summary>
    public bool Shutdown(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        bool drained = WaitForDrain(timeout);
        foreach (var consumer in _consumers)
        {
            consumer.Processor!.Halt();
        }

        foreach (var thread in _threads)
        {
            var remaining = timeout - stopwatch.Elapsed;
            if (!thread.Join(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(100)))
            {
                _logger.LogError("Consumer thread {Thread} did not stop within {Timeout}", thread.Name, timeout);
                drained = false;
            }
        }

        return drained;
    }

    /// <summary>Stops everything at once: consumers stop at their next wait and producers' claims throw.</summary>
    public void Halt(string reason)
    {
        _haltReason ??= reason;
        _ring.Sequencer.Halt(reason);
        foreach (var consumer in _consumers)
        {
            consumer.Processor?.Halt();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Volatile.Read(ref _started) == 1)
        {
            Shutdown(TimeSpan.FromSeconds(5));
        }
    }

    internal HandlerGroup<T> Add(ConsumerSpec<T>[] consumers, ConsumerSpec<T>[] dependencies)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            ThrowHelper.ThrowAlreadyStarted();
        }

        var dependencySequences = new Sequence[dependencies.Length];
        for (int i = 0; i < dependencies.Length; i++)
        {
            // Stage order: a group's dependencies were added (and built) by an earlier call on this pipeline.
            Debug.Assert(dependencies[i].Processor is not null && _consumers.Contains(dependencies[i]), "a dependency is added before the stages that wait on it");
            dependencySequences[i] = dependencies[i].Processor!.Sequence;
            _upstream.Add(dependencies[i]);
        }

        foreach (var consumer in consumers)
        {
            if (consumer.Processor is not null)
            {
                ThrowHelper.ThrowConsumerAlreadyAdded(consumer.Options.Name);
            }

            var barrier = consumer.Options.WaitStrategy is { } own
                ? _ring.Sequencer.NewBarrier(own, dependencySequences)
                : _ring.NewBarrier(dependencySequences);
            consumer.Build(_ring, barrier, _loggerFactory.CreateLogger("LowLatencyFeed.Consumer." + consumer.Options.Name), reason => Halt(reason));
            _consumers.Add(consumer);
        }

        return new HandlerGroup<T>(this, consumers);
    }

    private bool WaitForDrain(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        var spinner = default(SpinWait);
        while (true)
        {
            long published = _ring.Sequencer.GetHighestPublishedSequence(_ring.GetMinimumGatingSequence() + 1, _ring.Cursor);
            bool drained = _haltReason is not null;
            if (!drained)
            {
                drained = true;
                foreach (var consumer in _consumers)
                {
                    if (consumer.Processor!.Sequence.Value < published)
                    {
                        drained = false;
                        break;
                    }
                }
            }

            if (drained)
            {
                return true;
            }

            if (stopwatch.Elapsed > timeout)
            {
                _logger.LogError("Pipeline did not drain within {Timeout}; stopping with events unprocessed", timeout);
                return false;
            }

            spinner.SpinOnce();
        }
    }

    private void RunConsumer(IEventProcessor processor, int? core)
    {
        if (core is int requested)
        {
            if (ThreadAffinity.TryPinCurrentThread(requested, out string? error))
            {
                _logger.LogInformation("Consumer {Consumer} pinned to core {Core}", processor.Name, requested);
            }
            else
            {
                _logger.LogWarning("Consumer {Consumer} not pinned to core {Core}: {Reason}", processor.Name, requested, error);
            }
        }

        processor.Run();
    }
}
