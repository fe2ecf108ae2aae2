using System.Runtime.CompilerServices;
using LowLatencyFeed.Ring.Sequencing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Ring.Processing;

/// <summary>
/// Runs one handler over the ring: waits on its barrier for a batch, hands each event to the handler in place, then
/// publishes its progress once per batch. Generic over the handler type so that struct handlers are specialized and
/// their calls inlined (no interface dispatch per event).
/// </summary>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : IEventHandler<T>
{
    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly ExceptionPolicy _exceptionPolicy;
    private readonly ILogger _logger;
    private readonly Action<string>? _haltPipeline;
    private THandler _handler;
    private long _batchCount;
    private long _eventCount;
    private long _faultCount;
    private volatile bool _halted;

    /// <summary>Creates a processor; <paramref name="haltPipeline"/> is invoked when the <see cref="ExceptionPolicy.Halt"/> policy fires.</summary>
    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, ConsumerOptions options, ILogger logger, Action<string>? haltPipeline = null)
    {
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _exceptionPolicy = options.ExceptionPolicy;
        _logger = logger;
        _haltPipeline = haltPipeline;
        Name = options.Name;
        Sequence = new Sequence(ring.Cursor);
    }

    /// <inheritdoc />
    public Sequence Sequence { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long BatchCount => Volatile.Read(ref _batchCount);

    /// <inheritdoc />
    public long EventCount => Volatile.Read(ref _eventCount);

    /// <inheritdoc />
    public long FaultCount => Volatile.Read(ref _faultCount);

    /// <summary>The handler (for tests and statistics).</summary>
    public THandler Handler => _handler;

    /// <inheritdoc />
    public Waiting.IWaitStrategy WaitStrategy => _barrier.WaitStrategy;

    /// <inheritdoc />
    public void Halt()
    {
        _halted = true;
        _barrier.Alert();
    }

    /// <inheritdoc />
    public void Run()
    {
        _handler.OnStart();
        long next = Sequence.Value + 1;
        while (!_halted)
        {
            long available = _barrier.WaitFor(next);
            if (available >= next)
            {
                next = HandleBatch(next, available);
            }
            else if (_barrier.IsAlerted)
            {
                break;
            }
            else
            {
                _handler.OnTimeout(next - 1);
            }
        }

        _handler.OnShutdown();
    }

    private long HandleBatch(long first, long last)
    {
        _handler.OnBatchStart(last - first + 1);
        long sequence = first;
        while (true)
        {
            try
            {
                HandleRange(ref sequence, last);
                _handler.OnBatchEnd(last);
                break;
            }
            catch (Exception exception)
            {
                Volatile.Write(ref _faultCount, _faultCount + 1);
                if (_exceptionPolicy == ExceptionPolicy.Halt)
                {
                    string reason = $"consumer '{Name}' failed at sequence {sequence}: {exception.Message}";
                    _logger.LogCritical(exception, "Consumer {Consumer} failed at sequence {Sequence}; halting the pipeline", Name, sequence);
                    Sequence.Value = sequence - 1;
                    _halted = true;
                    _haltPipeline?.Invoke(reason);
                    return sequence;
                }

                _logger.LogError(exception, "Consumer {Consumer} failed at sequence {Sequence}; skipping the event", Name, sequence);
                if (sequence > last)
                {
                    // OnBatchEnd threw: the batch itself is complete.
                    break;
                }

                sequence++;
            }
        }

        Volatile.Write(ref _batchCount, _batchCount + 1);
        Volatile.Write(ref _eventCount, _eventCount + (last - first + 1));
        Sequence.Value = last;
        return last + 1;
    }

    // Kept free of exception handling so the hot loop is simple; the caller learns the failing sequence through the ref.
    private void HandleRange(ref long sequence, long last)
    {
        for (; sequence <= last; sequence++)
        {
            _handler.OnEvent(ref _ring[sequence], sequence, sequence == last);
        }
    }
}
