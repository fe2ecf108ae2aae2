namespace LowLatencyFeed.Ring.Processing;

/// <summary>How one consumer runs.</summary>
/// <param name="Name">Thread name and metric label, e.g. "journal".</param>
/// <param name="Core">CPU core to pin the thread to; null leaves placement to the OS (the default).</param>
/// <param name="ExceptionPolicy">What a handler exception does.</param>
/// <param name="WaitStrategy">
/// How this consumer waits, instead of the ring's strategy; null (the default) uses the ring's. Only strategies that need
/// no producer signal (busy-spin, yielding, sleeping): the producer signals the ring's strategy alone.
/// </param>
public sealed record ConsumerOptions(string Name, int? Core = null, ExceptionPolicy ExceptionPolicy = ExceptionPolicy.LogAndContinue, Waiting.IWaitStrategy? WaitStrategy = null);
