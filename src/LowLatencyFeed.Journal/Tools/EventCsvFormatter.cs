using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Journal.Tools;

/// <summary>
/// One CSV row per journaled event: common header columns, then the columns of every payload kind (empty when the
/// event is of another kind). Prices and quantities are exact decimals at the event's scale; times are Unix nanoseconds.
/// Depth levels are written as <c>price:quantity:orders</c> separated by <c>;</c>, best first.
/// </summary>
internal sealed class EventCsvFormatter
{
    public const string Header =
        "sequence,kind,feed,instrument,token,session,flags,exchange_time_ns,receive_time_ns,price_decimals,quantity_decimals," +
        "last_price,last_quantity,average_price,cumulative_volume,total_buy_quantity,total_sell_quantity,open,high,low,close,open_interest,last_trade_time_ns,trade_id,net_change,tick_fields," +
        "bid_price,bid_quantity,ask_price,ask_quantity,update_id,bid_orders,ask_orders," +
        "depth_update,bid_count,ask_count,first_update_id,last_update_id,depth_tag,bids,asks," +
        "control_code,reason,argument0,argument1";

    private const int TickColumns = 15;
    private const int QuoteColumns = 7;
    private const int DepthColumns = 8;
    private const int ControlColumns = 4;

    private readonly CsvLineBuilder _line = new();
    private readonly Dictionary<int, string> _names = new();

    public void Write(JournalCursor cursor, TextWriter output)
    {
        ref readonly MarketEvent e = ref cursor.Current;
        ref readonly EventHeader h = ref e.Header;
        int prices = h.PriceDecimals;
        int quantities = h.QuantityDecimals;
        _line.Clear();
        _line.Add(h.Sequence);
        _line.Add(Name(h.Kind));
        _line.Add(Name(h.Feed));
        _line.Add(h.Instrument.Value);
        _line.Add(h.Instrument.Token);
        _line.Add(h.SessionId);
        _line.Add(Name(h.Flags));
        _line.Add(h.ExchangeTimeNs);
        _line.Add(h.ReceiveTimeNs);
        _line.Add(prices);
        _line.Add(quantities);

        if (h.Kind == EventKind.Tick)
        {
            ref readonly TickPayload t = ref e.Tick;
            _line.AddFixed(t.LastPrice, prices);
            _line.AddFixed(t.LastQuantity, quantities);
            _line.AddFixed(t.AveragePrice, prices);
            _line.AddFixed(t.CumulativeVolume, quantities);
            _line.AddFixed(t.TotalBuyQuantity, quantities);
            _line.AddFixed(t.TotalSellQuantity, quantities);
            _line.AddFixed(t.Open, prices);
            _line.AddFixed(t.High, prices);
            _line.AddFixed(t.Low, prices);
            _line.AddFixed(t.Close, prices);
            _line.AddFixed(t.OpenInterest, quantities);
            _line.Add(t.LastTradeTimeNs);
            _line.Add(t.TradeId);
            _line.AddFixed(t.NetChange, prices);
            _line.Add(Name(t.Fields));
        }
        else
        {
            Skip(TickColumns);
        }

        if (h.Kind == EventKind.Quote)
        {
            ref readonly QuotePayload q = ref e.Quote;
            _line.AddFixed(q.BidPrice, prices);
            _line.AddFixed(q.BidQuantity, quantities);
            _line.AddFixed(q.AskPrice, prices);
            _line.AddFixed(q.AskQuantity, quantities);
            _line.Add(q.UpdateId);
            _line.Add(q.BidOrders);
            _line.Add(q.AskOrders);
        }
        else
        {
            Skip(QuoteColumns);
        }

        if (h.Kind == EventKind.Depth)
        {
            ref readonly DepthPayload d = ref e.Depth;
            DepthSlabMetadata metadata = d.SlabIndex >= 0 && cursor.DepthSlabs is { } slabs ? slabs.Metadata(d.SlabIndex) : default;
            _line.Add(Name(d.UpdateKind));
            _line.Add(d.BidCount);
            _line.Add(d.AskCount);
            _line.Add(metadata.FirstUpdateId);
            _line.Add(metadata.LastUpdateId);
            _line.Add(metadata.Tag);
            Levels(cursor.CurrentBids, prices, quantities);
            Levels(cursor.CurrentAsks, prices, quantities);
        }
        else
        {
            Skip(DepthColumns);
        }

        if (h.Kind is EventKind.Control or EventKind.Clock)
        {
            ref readonly ControlPayload c = ref e.Control;
            _line.Add(Name(c.Code));
            _line.Add(c.Reason);
            _line.Add(c.Argument0);
            _line.Add(c.Argument1);
        }
        else
        {
            Skip(ControlColumns);
        }

        _line.WriteTo(output);
    }

    private void Levels(ReadOnlySpan<DepthLevel> levels, int prices, int quantities)
    {
        _line.Empty();
        for (int i = 0; i < levels.Length; i++)
        {
            if (i > 0)
            {
                _line.Append(";");
            }

            _line.AppendFixed(levels[i].Price, prices);
            _line.Append(":");
            _line.AppendFixed(levels[i].Quantity, quantities);
            _line.Append(":");
            _line.Append(levels[i].Orders);
        }
    }

    private void Skip(int columns)
    {
        for (int i = 0; i < columns; i++)
        {
            _line.Empty();
        }
    }

    // Enum names are cached per (type, value) so a million rows do not format a million strings; flags use '|' not ','.
    private string Name<T>(T value)
        where T : struct, Enum
    {
        int raw = Unsafe.SizeOf<T>() == 1 ? Unsafe.As<T, byte>(ref value) : Unsafe.As<T, ushort>(ref value);
        int key = (TypeKey<T>() << 20) | raw;
        if (!_names.TryGetValue(key, out string? name))
        {
            name = value.ToString().Replace(", ", "|", StringComparison.Ordinal);
            _names[key] = name;
        }

        return name;
    }

    private static int TypeKey<T>() => typeof(T) == typeof(EventKind) ? 1
        : typeof(T) == typeof(FeedKind) ? 2
        : typeof(T) == typeof(EventFlags) ? 3
        : typeof(T) == typeof(TickFields) ? 4
        : typeof(T) == typeof(DepthUpdateKind) ? 5
        : 6;
}
