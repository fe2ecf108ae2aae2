using LowLatencyFeed.Core.Pricing;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>
/// The common style this project is measured against: a tick object with decimal prices per trade, a dictionary of
/// bar objects under a lock, bucket boundaries through <see cref="TimeZoneInfo"/> on every tick, a new object per bar.
/// </summary>
public sealed class NaiveBarBuilder
{
    private readonly object _gate = new();
    private readonly Dictionary<(long Instrument, TimeSpan Span), NaiveBar> _open = [];
    private readonly TimeSpan[] _spans;
    private readonly TimeZoneInfo _zone;

    public NaiveBarBuilder(TimeSpan[] spans, TimeZoneInfo zone)
    {
        _spans = spans;
        _zone = zone;
    }

    public long Closed { get; private set; }

    public void OnTrade(long instrument, long timeNs, long priceMantissa, long quantity, int priceDecimals)
    {
        var tick = new NaiveTick(DateTime.UnixEpoch.AddTicks(timeNs / 100), FixedPoint.ToDecimal(priceMantissa, priceDecimals), quantity);
        lock (_gate)
        {
            DateTime local = TimeZoneInfo.ConvertTimeFromUtc(tick.Time, _zone);
            foreach (TimeSpan span in _spans)
            {
                DateTime start = span >= TimeSpan.FromDays(1) ? local.Date : new DateTime(local.Ticks - (local.Ticks % span.Ticks));
                var key = (instrument, span);
                if (!_open.TryGetValue(key, out NaiveBar? bar) || bar.Start != start)
                {
                    if (bar is not null)
                    {
                        Closed++;
                    }

                    bar = new NaiveBar { Start = start, Open = tick.Price, High = tick.Price, Low = tick.Price };
                    _open[key] = bar;
                }

                bar.High = Math.Max(bar.High, tick.Price);
                bar.Low = Math.Min(bar.Low, tick.Price);
                bar.Close = tick.Price;
                bar.Volume += tick.Quantity;
                bar.Turnover += tick.Price * tick.Quantity;
                bar.Trades++;
            }
        }
    }

    private sealed record NaiveTick(DateTime Time, decimal Price, decimal Quantity);

    private sealed class NaiveBar
    {
        public DateTime Start;
        public decimal Open;
        public decimal High;
        public decimal Low;
        public decimal Close;
        public decimal Volume;
        public decimal Turnover;
        public int Trades;
    }
}
