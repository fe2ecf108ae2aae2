namespace LowLatencyFeed.Ring.Processing;

/// <summary>
/// A ring consumer. Implement it on a struct (or a sealed class) and hand it to a pipeline: processors are generic
/// over the handler type, so for structs the JIT specializes and inlines every call.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>Called once on the consumer thread before the first event.</summary>
    void OnStart();

    /// <summary>Called before each batch with the number of events available in it.</summary>
    void OnBatchStart(long batchSize);

    /// <summary>Handles one event. The slot is only valid during the call.</summary>
    /// <param name="data">The slot, by reference: read it in place, do not keep the reference.</param>
    /// <param name="sequence">The ring sequence of the slot.</param>
    /// <param name="endOfBatch">True for the last event of the batch: the moment to flush buffered work.</param>
    void OnEvent(ref T data, long sequence, bool endOfBatch);

    /// <summary>Called after each batch (after the <paramref name="lastSequence"/> event was handled).</summary>
    void OnBatchEnd(long lastSequence);

    /// <summary>Called when a timeout-capable wait strategy returns with nothing new: a chance for timed work.</summary>
    void OnTimeout(long sequence);

    /// <summary>Called once on the consumer thread after the last event, during shutdown.</summary>
    void OnShutdown();
}
