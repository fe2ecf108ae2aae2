using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Research.Export;

/// <summary><c>trades</c>: ticks flagged <see cref="TickFields.IsTrade"/>, the columns of <c>llfeed.trades</c>.</summary>
internal sealed class TradeBuffer : KeyedTableBuffer, IMarketRowBuffer
{
    private readonly Int64Column _receiveTimeNs;
    private readonly DecimalColumn _price;
    private readonly DecimalColumn _quantity;
    private readonly Int64Column _tradeId;
    private readonly Int32Column _sellerAggressor;

    public TradeBuffer(int capacity, InstrumentLabels labels)
        : base(capacity, labels)
    {
        _receiveTimeNs = Add(new Int64Column("receive_time_ns", capacity));
        _price = Add(TickBuffer.Price("price", capacity, nullable: false));
        _quantity = Add(TickBuffer.Quantity("quantity", capacity, nullable: false));
        _tradeId = Add(new Int64Column("trade_id", capacity));
        _sellerAggressor = Add(new Int32Column("seller_aggressor", capacity));
    }

    public bool TryAdd(in MarketEvent e)
    {
        ref readonly EventHeader h = ref e.Header;
        int row = Begin(h.ExchangeTimeNs, h.Instrument, h.Sequence);
        _receiveTimeNs.Values[row] = h.ReceiveTimeNs;
        _tradeId.Values[row] = e.Tick.TradeId;
        _sellerAggressor.Values[row] = (h.Flags & EventFlags.SellerAggressor) != 0 ? 1 : 0;
        if (!_price.TrySet(row, e.Tick.LastPrice, h.PriceDecimals) || !_quantity.TrySet(row, e.Tick.LastQuantity, h.QuantityDecimals))
        {
            return false;
        }

        Commit();
        return true;
    }
}
