using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// <c>bars</c>: closed bars of every timeframe as the replay builds them, the columns of <c>llfeed.bars</c>; <c>time</c>
/// is the bar's start, <c>seq</c> the sequence of the event that closed it, <c>turnover</c> exact (null if it does
/// not fit a decimal).
/// </summary>
internal sealed class BarBuffer : KeyedTableBuffer
{
    private readonly StringColumn _timeframe;
    private readonly Int64Column _timeframeSeconds;
    private readonly DecimalColumn _open;
    private readonly DecimalColumn _high;
    private readonly DecimalColumn _low;
    private readonly DecimalColumn _close;
    private readonly DecimalColumn _volume;
    private readonly DecimalColumn _turnover;
    private readonly DecimalColumn _vwap;
    private readonly Int64Column _tradeCount;
    private readonly Int32Column _flags;
    private readonly Dictionary<long, string> _timeframes = [];

    public BarBuffer(int capacity, InstrumentLabels labels)
        : base(capacity, labels)
    {
        _timeframe = Add(new StringColumn("timeframe", capacity));
        _timeframeSeconds = Add(new Int64Column("timeframe_seconds", capacity));
        _open = Add(TickBuffer.Price("open", capacity, nullable: false));
        _high = Add(TickBuffer.Price("high", capacity, nullable: false));
        _low = Add(TickBuffer.Price("low", capacity, nullable: false));
        _close = Add(TickBuffer.Price("close", capacity, nullable: false));
        _volume = Add(TickBuffer.Quantity("volume", capacity, nullable: false));
        _turnover = Add(new DecimalColumn("turnover", capacity, ExportScales.TurnoverPrecision, ExportScales.TurnoverScale, nullable: true));
        _vwap = Add(TickBuffer.Price("vwap", capacity, nullable: false));
        _tradeCount = Add(new Int64Column("trade_count", capacity));
        _flags = Add(new Int32Column("flags", capacity));
    }

    public bool TryAdd(in DerivedEvent e)
    {
        ref readonly DerivedHeader h = ref e.Header;
        ref readonly BarValues b = ref e.Bar;
        int row = Begin(b.StartTimeNs, h.Instrument, h.SourceSequence);
        if (!_timeframes.TryGetValue(b.TimeframeNs, out string? name))
        {
            name = TimeframeNames.Of(b.TimeframeNs);
            _timeframes.Add(b.TimeframeNs, name);
        }

        _timeframe.Values[row] = name;
        _timeframeSeconds.Values[row] = b.TimeframeNs / 1_000_000_000;
        _tradeCount.Values[row] = b.TradeCount;
        _flags.Values[row] = (int)h.Flags;
        int p = h.PriceDecimals;
        _turnover.TrySet(row, b.Turnover, p + h.QuantityDecimals);
        bool ok = _open.TrySet(row, b.Open, p) & _high.TrySet(row, b.High, p) & _low.TrySet(row, b.Low, p)
            & _close.TrySet(row, b.Close, p) & _volume.TrySet(row, b.Volume, h.QuantityDecimals) & _vwap.TrySet(row, b.Vwap, p);
        if (ok)
        {
            Commit();
        }

        return ok;
    }
}
