using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// A preallocated order book snapshot (REST <c>GET /api/v3/depth</c> or a partial-depth payload): the levels of each
/// side, best first, at fixed decimals, and the snapshot's <c>lastUpdateId</c>. Reused for every fetch of a symbol.
/// </summary>
public sealed class BinanceDepthSnapshot
{
    private readonly DepthLevel[] _bids;
    private readonly DepthLevel[] _asks;

    /// <summary>Creates a snapshot buffer holding up to <paramref name="levelsPerSide"/> levels per side.</summary>
    public BinanceDepthSnapshot(int levelsPerSide, byte priceDecimals, byte quantityDecimals)
    {
        if (levelsPerSide <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(levelsPerSide), "A snapshot needs room for at least one level per side.");
        }

        _bids = new DepthLevel[levelsPerSide];
        _asks = new DepthLevel[levelsPerSide];
        PriceDecimals = priceDecimals;
        QuantityDecimals = quantityDecimals;
    }

    /// <summary>Capacity of each side.</summary>
    public int Capacity => _bids.Length;

    /// <summary>Decimal places of the price mantissas.</summary>
    public byte PriceDecimals { get; }

    /// <summary>Decimal places of the quantity mantissas.</summary>
    public byte QuantityDecimals { get; }

    /// <summary>The snapshot's <c>lastUpdateId</c>.</summary>
    public long LastUpdateId { get; set; }

    /// <summary>When the snapshot was received, Unix ns.</summary>
    public long ReceiveTimeNs { get; set; }

    /// <summary>Bid levels in use.</summary>
    public int BidCount { get; set; }

    /// <summary>Ask levels in use.</summary>
    public int AskCount { get; set; }

    /// <summary>The bid levels, best first.</summary>
    public ReadOnlySpan<DepthLevel> Bids => _bids.AsSpan(0, BidCount);

    /// <summary>The ask levels, best first.</summary>
    public ReadOnlySpan<DepthLevel> Asks => _asks.AsSpan(0, AskCount);

    /// <summary>The whole bid array, for the parser to fill.</summary>
    public Span<DepthLevel> BidBuffer => _bids;

    /// <summary>The whole ask array, for the parser to fill.</summary>
    public Span<DepthLevel> AskBuffer => _asks;

    /// <summary>Empties the snapshot.</summary>
    public void Clear()
    {
        LastUpdateId = 0;
        ReceiveTimeNs = 0;
        BidCount = 0;
        AskCount = 0;
    }
}
