using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>A depth signal transition and the book state that triggered it.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct SignalValues
{
    /// <summary>The new state.</summary>
    public SignalSide Side;

    /// <summary>The state before.</summary>
    public SignalSide PreviousSide;

    /// <summary>Reserved.</summary>
    public ushort Reserved;

    /// <summary>Levels per side of the imbalance window the rule watches (0 = all).</summary>
    public int WindowDepth;

    /// <summary>The imbalance that completed the transition (for a clock-completed entry, the last one seen).</summary>
    public double Imbalance;

    /// <summary>The entry threshold in force.</summary>
    public double Threshold;

    /// <summary>Exact bid quantity over the window.</summary>
    public long WindowBidQuantity;

    /// <summary>Exact ask quantity over the window.</summary>
    public long WindowAskQuantity;

    /// <summary>Best bid price mantissa.</summary>
    public long BestBid;

    /// <summary>Best ask price mantissa.</summary>
    public long BestAsk;

    /// <summary>Since when (exchange time) the entry condition held without a break; the transition time for exits.</summary>
    public long ConditionSinceNs;

    /// <summary>
    /// Model signals (the research scoring stage, <see cref="WindowDepth"/> = −1): the model's version as a number
    /// (first 8 bytes of its trees' SHA-256); 0 for the imbalance rule's signals.
    /// </summary>
    public long ModelVersion;

    /// <summary>Model signals: the probability of the predicted class (<see cref="Side"/>: Buy, Sell, or Flat for HOLD).</summary>
    public double Confidence;
}
