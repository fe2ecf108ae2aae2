using LowLatencyFeed.Ring.Sequencing;

namespace LowLatencyFeed.Ring.Processing;

/// <summary>A consumer loop bound to a barrier; runs on its own thread.</summary>
public interface IEventProcessor
{
    /// <summary>Last sequence this consumer finished.</summary>
    Sequence Sequence { get; }

    /// <summary>Name (thread name, metric label).</summary>
    string Name { get; }

    /// <summary>How this consumer waits: the ring's strategy or its own (<see cref="ConsumerOptions.WaitStrategy"/>).</summary>
    Waiting.IWaitStrategy WaitStrategy { get; }

    /// <summary>Batches handled.</summary>
    long BatchCount { get; }

    /// <summary>Events handled.</summary>
    long EventCount { get; }

    /// <summary>Handler exceptions seen.</summary>
    long FaultCount { get; }

    /// <summary>The consumer loop; returns after <see cref="Halt"/>.</summary>
    void Run();

    /// <summary>Stops the loop at the next wait.</summary>
    void Halt();
}
