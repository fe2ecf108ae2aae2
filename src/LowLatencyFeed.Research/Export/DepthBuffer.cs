using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// <c>depth</c>: one row per level of each depth event, the columns of <c>llfeed.depth</c> (<c>side</c> 0 bid, 1 ask;
/// <c>level</c> from 1; <c>update_kind</c> the event's <see cref="DepthUpdateKind"/>).
/// </summary>
internal sealed class DepthBuffer : KeyedTableBuffer
{
    private readonly Int32Column _side;
    private readonly Int32Column _level;
    private readonly Int32Column _updateKind;
    private readonly DecimalColumn _price;
    private readonly DecimalColumn _quantity;
    private readonly Int32Column _orders;

    public DepthBuffer(int capacity, InstrumentLabels labels)
        : base(capacity, labels)
    {
        _side = Add(new Int32Column("side", capacity));
        _level = Add(new Int32Column("level", capacity));
        _updateKind = Add(new Int32Column("update_kind", capacity));
        _price = Add(TickBuffer.Price("price", capacity, nullable: false));
        _quantity = Add(TickBuffer.Quantity("quantity", capacity, nullable: false));
        _orders = Add(new Int32Column("orders", capacity));
    }

    public bool TryAdd(in MarketEvent e, int side, int level, in DepthLevel value)
    {
        ref readonly EventHeader h = ref e.Header;
        int row = Begin(h.ExchangeTimeNs, h.Instrument, h.Sequence);
        _side.Values[row] = side;
        _level.Values[row] = level;
        _updateKind.Values[row] = (int)e.Depth.UpdateKind;
        _orders.Values[row] = value.Orders;
        if (!_price.TrySet(row, value.Price, h.PriceDecimals) || !_quantity.TrySet(row, value.Quantity, h.QuantityDecimals))
        {
            return false;
        }

        Commit();
        return true;
    }
}
