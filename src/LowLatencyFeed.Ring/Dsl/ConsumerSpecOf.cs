using LowLatencyFeed.Ring.Processing;
using LowLatencyFeed.Ring.Sequencing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Ring.Dsl;

/// <summary>A <see cref="ConsumerSpec{T}"/> for a concrete handler type.</summary>
internal sealed class ConsumerSpecOf<T, THandler> : ConsumerSpec<T>
    where T : struct
    where THandler : IEventHandler<T>
{
    private readonly THandler _handler;

    public ConsumerSpecOf(THandler handler, ConsumerOptions options)
        : base(options) => _handler = handler;

    internal override IEventProcessor Build(RingBuffer<T> ring, SequenceBarrier barrier, ILogger logger, Action<string> haltPipeline)
    {
        var processor = new BatchEventProcessor<T, THandler>(ring, barrier, _handler, Options, logger, haltPipeline);
        Processor = processor;
        return processor;
    }
}
