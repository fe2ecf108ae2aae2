using System.Globalization;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// <c>book_metrics</c>: the book stage's samples, the columns of <c>llfeed.book_metrics</c>; <c>mid</c> is exact with
/// one decimal more than the price (DECIMAL(18, 9)); one <c>imbalance_N</c> column per configured window
/// (<c>imbalance_all</c> for the whole book).
/// </summary>
internal sealed class BookMetricsBuffer : KeyedTableBuffer
{
    private readonly DecimalColumn _bestBid;
    private readonly DecimalColumn _bestAsk;
    private readonly DecimalColumn _bestBidQuantity;
    private readonly DecimalColumn _bestAskQuantity;
    private readonly DecimalColumn _spread;
    private readonly DecimalColumn _mid;
    private readonly DoubleColumn _microprice;
    private readonly DecimalColumn _totalBidQuantity;
    private readonly DecimalColumn _totalAskQuantity;
    private readonly Int32Column _bidLevels;
    private readonly Int32Column _askLevels;
    private readonly DoubleColumn[] _windows;
    private readonly int[] _depths;

    public BookMetricsBuffer(int capacity, InstrumentLabels labels, IReadOnlyList<int> imbalanceDepths)
        : base(capacity, labels)
    {
        _bestBid = Add(TickBuffer.Price("best_bid", capacity, nullable: false));
        _bestAsk = Add(TickBuffer.Price("best_ask", capacity, nullable: false));
        _bestBidQuantity = Add(TickBuffer.Quantity("best_bid_quantity", capacity, nullable: false));
        _bestAskQuantity = Add(TickBuffer.Quantity("best_ask_quantity", capacity, nullable: false));
        _spread = Add(TickBuffer.Price("spread", capacity, nullable: false));
        _mid = Add(new DecimalColumn("mid", capacity, ExportScales.PricePrecision, ExportScales.PriceScale + 1));
        _microprice = Add(new DoubleColumn("microprice", capacity));
        _totalBidQuantity = Add(TickBuffer.Quantity("total_bid_quantity", capacity, nullable: false));
        _totalAskQuantity = Add(TickBuffer.Quantity("total_ask_quantity", capacity, nullable: false));
        _bidLevels = Add(new Int32Column("bid_levels", capacity));
        _askLevels = Add(new Int32Column("ask_levels", capacity));
        _depths = [.. imbalanceDepths];
        _windows = new DoubleColumn[_depths.Length];
        for (int i = 0; i < _depths.Length; i++)
        {
            string name = _depths[i] == 0 ? "imbalance_all" : "imbalance_" + _depths[i].ToString(CultureInfo.InvariantCulture);
            _windows[i] = Add(new DoubleColumn(name, capacity));
        }
    }

    public bool TryAdd(in DerivedEvent e)
    {
        ref readonly DerivedHeader h = ref e.Header;
        ref readonly BookMetricsValues m = ref e.Metrics;
        int row = Begin(h.SourceExchangeTimeNs, h.Instrument, h.SourceSequence);
        _microprice.Values[row] = m.Microprice;
        _bidLevels.Values[row] = m.BidLevels;
        _askLevels.Values[row] = m.AskLevels;
        for (int i = 0; i < _windows.Length; i++)
        {
            _windows[i].Values[row] = i < m.WindowCount ? m.Windows[i].Imbalance : null;
        }

        int p = h.PriceDecimals;
        int q = h.QuantityDecimals;
        bool ok = _bestBid.TrySet(row, m.BestBid, p) & _bestAsk.TrySet(row, m.BestAsk, p)
            & _bestBidQuantity.TrySet(row, m.BestBidQuantity, q) & _bestAskQuantity.TrySet(row, m.BestAskQuantity, q)
            & _spread.TrySet(row, m.Spread, p) & _mid.TrySet(row, m.Mid, p + 1)
            & _totalBidQuantity.TrySet(row, m.TotalBidQuantity, q) & _totalAskQuantity.TrySet(row, m.TotalAskQuantity, q);
        if (ok)
        {
            Commit();
        }

        return ok;
    }
}
