using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Research.Export;

/// <summary><c>quotes</c>: best bid/ask events, the columns of <c>llfeed.quotes</c>.</summary>
internal sealed class QuoteBuffer : KeyedTableBuffer, IMarketRowBuffer
{
    private readonly Int64Column _receiveTimeNs;
    private readonly DecimalColumn _bidPrice;
    private readonly DecimalColumn _bidQuantity;
    private readonly DecimalColumn _askPrice;
    private readonly DecimalColumn _askQuantity;
    private readonly Int32Column _bidOrders;
    private readonly Int32Column _askOrders;
    private readonly Int64Column _updateId;

    public QuoteBuffer(int capacity, InstrumentLabels labels)
        : base(capacity, labels)
    {
        _receiveTimeNs = Add(new Int64Column("receive_time_ns", capacity));
        _bidPrice = Add(TickBuffer.Price("bid_price", capacity, nullable: false));
        _bidQuantity = Add(TickBuffer.Quantity("bid_quantity", capacity, nullable: false));
        _askPrice = Add(TickBuffer.Price("ask_price", capacity, nullable: false));
        _askQuantity = Add(TickBuffer.Quantity("ask_quantity", capacity, nullable: false));
        _bidOrders = Add(new Int32Column("bid_orders", capacity));
        _askOrders = Add(new Int32Column("ask_orders", capacity));
        _updateId = Add(new Int64Column("update_id", capacity));
    }

    public bool TryAdd(in MarketEvent e)
    {
        ref readonly EventHeader h = ref e.Header;
        ref readonly QuotePayload q = ref e.Quote;
        int row = Begin(h.ExchangeTimeNs, h.Instrument, h.Sequence);
        _receiveTimeNs.Values[row] = h.ReceiveTimeNs;
        _bidOrders.Values[row] = q.BidOrders;
        _askOrders.Values[row] = q.AskOrders;
        _updateId.Values[row] = q.UpdateId;
        bool ok = _bidPrice.TrySet(row, q.BidPrice, h.PriceDecimals)
            & _bidQuantity.TrySet(row, q.BidQuantity, h.QuantityDecimals)
            & _askPrice.TrySet(row, q.AskPrice, h.PriceDecimals)
            & _askQuantity.TrySet(row, q.AskQuantity, h.QuantityDecimals);
        if (ok)
        {
            Commit();
        }

        return ok;
    }
}
