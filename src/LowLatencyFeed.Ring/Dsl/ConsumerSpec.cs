using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Sequencing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Ring.Dsl;

/// <summary>
/// A handler waiting to be placed in a pipeline. Created by <see cref="Pipeline{T}.Handler{THandler}"/> inside a
/// generic method, so the processor it builds is specialized for the concrete handler type.
/// </summary>
public abstract class ConsumerSpec<T>
    where T : struct
{
    private protected ConsumerSpec(ConsumerOptions options) => Options = options;

    /// <summary>Name, core and exception policy.</summary>
    public ConsumerOptions Options { get; }

    internal IEventProcessor? Processor { get; private protected set; }

    internal abstract IEventProcessor Build(RingBuffer<T> ring, SequenceBarrier barrier, ILogger logger, Action<string> haltPipeline);
}
