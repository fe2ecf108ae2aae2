using System.Globalization;
using System.Text;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>Every field of an event (header but its sequence, payload of its kind, depth levels) as one comparable line.</summary>
internal static class EventText
{
    public static string Of(in MarketEvent e, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        var b = new StringBuilder();
        ref readonly EventHeader h = ref e.Header;
        b.Append(CultureInfo.InvariantCulture, $"{h.Kind}|{h.Feed}|{h.PriceDecimals}|{h.QuantityDecimals}|{(int)h.Flags}|{h.SessionId}|{h.Instrument.Value}|{h.ExchangeTimeNs}|{h.ReceiveTimeNs}");
        switch (h.Kind)
        {
            case EventKind.Tick:
                ref readonly TickPayload t = ref e.Tick;
                b.Append(CultureInfo.InvariantCulture, $"|{t.LastPrice}|{t.LastQuantity}|{t.AveragePrice}|{t.CumulativeVolume}|{t.TotalBuyQuantity}|{t.TotalSellQuantity}|{t.Open}|{t.High}|{t.Low}|{t.Close}|{t.OpenInterest}|{t.LastTradeTimeNs}|{t.TradeId}|{t.NetChange}|{(long)t.Fields}");
                break;
            case EventKind.Quote:
                ref readonly QuotePayload q = ref e.Quote;
                b.Append(CultureInfo.InvariantCulture, $"|{q.BidPrice}|{q.BidQuantity}|{q.AskPrice}|{q.AskQuantity}|{q.UpdateId}|{q.BidOrders}|{q.AskOrders}");
                break;
            case EventKind.Depth:
                b.Append(CultureInfo.InvariantCulture, $"|{e.Depth.UpdateKind}|{e.Depth.BidCount}|{e.Depth.AskCount}|{e.Depth.SlabIndex >= 0 || e.Depth.SlabIndex == -2}");
                foreach (var level in bids)
                {
                    b.Append(CultureInfo.InvariantCulture, $"|b{level.Price}x{level.Quantity}x{level.Orders}");
                }

                foreach (var level in asks)
                {
                    b.Append(CultureInfo.InvariantCulture, $"|a{level.Price}x{level.Quantity}x{level.Orders}");
                }

                break;
            default:
                b.Append(CultureInfo.InvariantCulture, $"|{e.Control.Code}|{e.Control.Reason}|{e.Control.Argument0}|{e.Control.Argument1}");
                break;
        }

        return b.ToString();
    }
}
