using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>
/// How events become rows. Shared by the live stager and journal catch-up, so both produce identical rows.
/// </summary>
public static class RowExtraction
{
    /// <summary>The stream a tick goes to: trades when flagged <see cref="TickFields.IsTrade"/>, ticks otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StorageStream TickStream(in MarketEvent e) =>
        (e.Tick.Fields & TickFields.IsTrade) != 0 ? StorageStream.Trades : StorageStream.Ticks;

    /// <summary>Fills a tick/trade row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tick(in MarketEvent e, ref TickRow row)
    {
        row.Header = e.Header;
        row.Tick = e.Tick;
    }

    /// <summary>Fills a quote row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Quote(in MarketEvent e, ref QuoteRow row)
    {
        row.Header = e.Header;
        row.Quote = e.Quote;
    }

    /// <summary>Rows of a depth event: one per level, bids then asks, level 1 = best. Returns how many were written.</summary>
    public static int Depth(in MarketEvent e, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, Span<DepthRow> destination)
    {
        int n = 0;
        n += Side(in e, bids, 0, destination);
        n += Side(in e, asks, 1, destination[n..]);
        return n;
    }

    private static int Side(in MarketEvent e, ReadOnlySpan<DepthLevel> levels, byte side, Span<DepthRow> destination)
    {
        int count = Math.Min(levels.Length, destination.Length);
        long time = e.Header.ExchangeTimeNs;
        long instrument = e.Header.Instrument.Value;
        long sequence = e.Header.Sequence;
        byte kind = (byte)e.Depth.UpdateKind;
        for (int i = 0; i < count; i++)
        {
            ref DepthRow row = ref destination[i];
            ref readonly DepthLevel level = ref levels[i];
            row.TimeNs = time;
            row.Instrument = instrument;
            row.Sequence = sequence;
            row.Price = level.Price;
            row.Quantity = level.Quantity;
            row.Orders = level.Orders;
            row.Level = (short)(i + 1);
            row.Side = side;
            row.UpdateKind = kind;
            row.PriceDecimals = e.Header.PriceDecimals;
            row.QuantityDecimals = e.Header.QuantityDecimals;
        }

        return count;
    }

    /// <summary>Inline bid levels of a depth payload (no slab).</summary>
    public static ReadOnlySpan<DepthLevel> InlineBids(in DepthPayload depth)
    {
        ReadOnlySpan<DepthLevel> inline = depth.Levels;
        int bids = Math.Min((int)depth.BidCount, InlineDepthLevels.Capacity);
        return inline[..bids];
    }

    /// <summary>Inline ask levels of a depth payload (no slab).</summary>
    public static ReadOnlySpan<DepthLevel> InlineAsks(in DepthPayload depth)
    {
        ReadOnlySpan<DepthLevel> inline = depth.Levels;
        int bids = Math.Min((int)depth.BidCount, InlineDepthLevels.Capacity);
        int asks = Math.Min((int)depth.AskCount, InlineDepthLevels.Capacity - bids);
        return inline.Slice(bids, asks);
    }
}
