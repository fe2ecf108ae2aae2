namespace LowLatencyFeed.Processing.Derived;

/// <summary>The state a depth signal moved to.</summary>
public enum SignalSide : sbyte
{
    /// <summary>Sell pressure: ask quantity dominates.</summary>
    Sell = -1,

    /// <summary>No signal (the previous signal ended).</summary>
    Flat = 0,

    /// <summary>Buy pressure: bid quantity dominates.</summary>
    Buy = 1,
}
