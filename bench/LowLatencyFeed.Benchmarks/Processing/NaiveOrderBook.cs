namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>The common style: decimal prices in SortedDictionary sides under a lock, metrics recomputed by walking every level.</summary>
public sealed class NaiveOrderBook
{
    private readonly object _gate = new();
    private readonly SortedDictionary<decimal, decimal> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, decimal> _asks = [];

    public decimal LastImbalance { get; private set; }

    public void Snapshot(decimal[] bidPrices, decimal[] bidQuantities, decimal[] askPrices, decimal[] askQuantities)
    {
        lock (_gate)
        {
            _bids.Clear();
            _asks.Clear();
            for (int i = 0; i < bidPrices.Length; i++)
            {
                _bids[bidPrices[i]] = bidQuantities[i];
            }

            for (int i = 0; i < askPrices.Length; i++)
            {
                _asks[askPrices[i]] = askQuantities[i];
            }

            Recompute();
        }
    }

    public void Set(bool bid, decimal price, decimal quantity)
    {
        lock (_gate)
        {
            SortedDictionary<decimal, decimal> side = bid ? _bids : _asks;
            if (quantity == 0)
            {
                side.Remove(price);
            }
            else
            {
                side[price] = quantity;
            }

            Recompute();
        }
    }

    private void Recompute()
    {
        decimal bid5 = 0, ask5 = 0, bidAll = 0, askAll = 0;
        int i = 0;
        foreach (KeyValuePair<decimal, decimal> level in _bids)
        {
            bidAll += level.Value;
            if (i++ < 5)
            {
                bid5 += level.Value;
            }
        }

        i = 0;
        foreach (KeyValuePair<decimal, decimal> level in _asks)
        {
            askAll += level.Value;
            if (i++ < 5)
            {
                ask5 += level.Value;
            }
        }

        LastImbalance = bid5 + ask5 == 0 ? 0 : (bid5 - ask5) / (bid5 + ask5);
        if (bidAll + askAll == 0)
        {
            LastImbalance = 0;
        }
    }
}
