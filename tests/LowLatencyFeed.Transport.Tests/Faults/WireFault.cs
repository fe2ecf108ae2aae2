namespace LowLatencyFeed.Transport.Tests.Faults;

/// <summary>The simulator wire fault a test turns on.</summary>
public enum WireFault
{
    Garbage,
    Truncation,
    Fragments,
}
