namespace LowLatencyFeed.Ring.Processing;

/// <summary>How one consumer runs.</summary>
/// <param name="Name">Thread name and metric label, e.g. "journal".</param>
/// <param name="Core">CPU core to pin the thread to; null leaves placement to the OS (the default).</param>
/// <param name="ExceptionPolicy">What a handler exception does.</param>
public sealed record ConsumerOptions(string Name, int? Core = null, ExceptionPolicy ExceptionPolicy = ExceptionPolicy.LogAndContinue);
