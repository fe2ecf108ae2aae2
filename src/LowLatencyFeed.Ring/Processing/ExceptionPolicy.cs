namespace LowLatencyFeed.Ring.Processing;

/// <summary>What a processor does when its handler throws.</summary>
public enum ExceptionPolicy
{
    /// <summary>Log the exception with the failing sequence, count it, skip that event and go on.</summary>
    LogAndContinue,

    /// <summary>Log it and halt the whole pipeline: consumers stop, producers' claims fail with the reason.</summary>
    Halt,
}
