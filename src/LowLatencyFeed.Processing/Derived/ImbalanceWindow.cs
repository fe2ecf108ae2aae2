using System.Runtime.InteropServices;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>Quantities and imbalance over the best <see cref="Depth"/> levels of each side.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct ImbalanceWindow
{
    /// <summary>Levels per side in the window as configured; 0 means all levels.</summary>
    public int Depth;

    /// <summary>Reserved.</summary>
    public int Reserved;

    /// <summary>Exact bid quantity over the window.</summary>
    public long BidQuantity;

    /// <summary>Exact ask quantity over the window.</summary>
    public long AskQuantity;

    /// <summary>(bid − ask) / (bid + ask), in [−1, 1]; 0 when both are 0.</summary>
    public double Imbalance;
}
