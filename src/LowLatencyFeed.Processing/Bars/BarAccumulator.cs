using System.Runtime.CompilerServices;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>One bar being built (or the last closed one). Open/close follow exchange time, not arrival order.</summary>
internal struct BarAccumulator
{
    public Int128 Turnover;
    public long Start;
    public long End;
    public long Open;
    public long High;
    public long Low;
    public long Close;
    public long OpenTimeNs;
    public long CloseTimeNs;
    public long Volume;
    public long TradeCount;
    public DerivedFlags Flags;

    /// <summary>Starts a bar with its first tick.</summary>
    public void Begin(long start, long end, long timeNs, long price, long quantity, DerivedFlags flags)
    {
        Start = start;
        End = end;
        Open = High = Low = Close = price;
        OpenTimeNs = CloseTimeNs = timeNs;
        Flags = flags;
        if (quantity > 0)
        {
            Volume = quantity;
            Turnover = (Int128)price * quantity;
            TradeCount = 1;
        }
        else
        {
            Volume = 0;
            Turnover = 0;
            TradeCount = 0;
        }
    }

    /// <summary>Adds a tick inside [Start, End). An earlier time than the current open re-opens; equal or later closes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(long timeNs, long price, long quantity, DerivedFlags flags)
    {
        if (price > High)
        {
            High = price;
        }

        if (price < Low)
        {
            Low = price;
        }

        if (timeNs < OpenTimeNs)
        {
            Open = price;
            OpenTimeNs = timeNs;
        }

        if (timeNs >= CloseTimeNs)
        {
            Close = price;
            CloseTimeNs = timeNs;
        }

        if (quantity > 0)
        {
            Volume += quantity;
            Turnover += (Int128)price * quantity;
            TradeCount++;
        }

        Flags |= flags;
    }
}
