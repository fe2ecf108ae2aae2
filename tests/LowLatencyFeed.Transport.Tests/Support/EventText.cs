using System.Text;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// Renders an event field by field so sequences can be compared with readable diffs. Receive time and sequence are
/// left out (they depend on when the client read the frame); so is the exchange time of events whose wire form has
/// none (it is the receive time, checked separately) and, on request, the session id and the AfterGap flag.
/// </summary>
public static class EventText
{
    public static string Describe(in MarketEvent e, bool includeSession = true, bool includeAfterGap = true)
    {
        var b = new StringBuilder();
        ref readonly EventHeader h = ref e.Header;
        EventFlags flags = includeAfterGap ? h.Flags : h.Flags & ~EventFlags.AfterGap;
        bool timeFromReceive = (h.Flags & EventFlags.ExchangeTimeFromReceive) != 0;
        b.Append($"{h.Kind} {h.Feed} {h.Instrument} pd={h.PriceDecimals} qd={h.QuantityDecimals} flags={flags}");
        if (includeSession)
        {
            b.Append($" session={h.SessionId}");
        }

        b.Append(timeFromReceive ? " t=receive" : $" t={h.ExchangeTimeNs}");
        switch (h.Kind)
        {
            case EventKind.Tick:
                ref readonly TickPayload t = ref e.Tick;
                b.Append($" | {t.Fields} ltp={t.LastPrice} ltq={t.LastQuantity} atp={t.AveragePrice} vol={t.CumulativeVolume} buy={t.TotalBuyQuantity} sell={t.TotalSellQuantity}");
                b.Append($" o={t.Open} h={t.High} l={t.Low} c={t.Close} oi={t.OpenInterest} ltt={t.LastTradeTimeNs} id={t.TradeId} chg={t.NetChange}");
                break;
            case EventKind.Quote:
                ref readonly QuotePayload q = ref e.Quote;
                b.Append($" | bid={q.BidPrice}x{q.BidQuantity}/{q.BidOrders} ask={q.AskPrice}x{q.AskQuantity}/{q.AskOrders} u={q.UpdateId}");
                break;
            case EventKind.Depth:
                ref readonly DepthPayload d = ref e.Depth;
                b.Append($" | {d.UpdateKind} bids={d.BidCount} asks={d.AskCount} slab={d.SlabIndex}");
                for (int i = 0; i < InlineDepthLevels.Capacity; i++)
                {
                    DepthLevel level = d.Levels[i];
                    b.Append($" [{level.Price}x{level.Quantity}/{level.Orders}]");
                }

                break;
            case EventKind.Control:
            case EventKind.Clock:
                ref readonly ControlPayload c = ref e.Control;
                b.Append($" | {c.Code} reason={c.Reason} a0={c.Argument0} a1={c.Argument1}");
                break;
        }

        return b.ToString();
    }

    public static bool IsMarket(in MarketEvent e) => e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth;

    /// <summary>Market events of <paramref name="events"/>, with the checks every received market event must pass.</summary>
    public static List<MarketEvent> MarketOnly(IEnumerable<MarketEvent> events)
    {
        var result = new List<MarketEvent>();
        foreach (MarketEvent e in events)
        {
            if (IsMarket(e))
            {
                if ((e.Header.Flags & EventFlags.ExchangeTimeFromReceive) != 0)
                {
                    Assert.Equal(e.Header.ReceiveTimeNs, e.Header.ExchangeTimeNs);
                }

                Assert.True(e.Header.ReceiveTimeNs > 0, "every event carries a receive time");
                result.Add(e);
            }
        }

        return result;
    }

    /// <summary>Asserts the two sequences are equal event by event, naming the first difference.</summary>
    public static void AssertSequence(IReadOnlyList<MarketEvent> expected, IReadOnlyList<MarketEvent> actual, bool includeAfterGap = false)
    {
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            string want = Describe(expected[i], includeSession: false, includeAfterGap);
            string got = Describe(actual[i], includeSession: false, includeAfterGap);
            if (want != got)
            {
                Assert.Fail($"Event {i} of {expected.Count} differs.\nexpected: {want}\nactual:   {got}");
            }
        }

        Assert.Equal(expected.Count, actual.Count);
    }
}
