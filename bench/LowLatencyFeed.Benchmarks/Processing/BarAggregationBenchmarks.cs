using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;

namespace LowLatencyFeed.Benchmarks.Processing;

/// <summary>
/// ns per trade for updating all seven default timeframes (1s … 1d), 64 instruments, trades 2 ms apart so 1s bars roll
/// often. Baseline: the decimal/dictionary/lock style. Each invocation ends by moving the stream forward in time
/// (one long add per event, the same for both) so repeated invocations stay in order.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BarAggregationBenchmarks
{
    private const int Trades = 1 << 16;
    private const int Instruments = 64;
    private const long StepNs = 2_000_000;

    private MarketEvent[] _events = null!;
    private BarAggregator _aggregator = null!;
    private NaiveBarBuilder _naive = null!;
    private BenchDerivedSink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _events = new MarketEvent[Trades];
        long time = 1_719_964_800_000_000_000L + (4L * 3600 * 1_000_000_000);
        long[] prices = new long[Instruments];
        Array.Fill(prices, 1_000_000);
        for (int i = 0; i < Trades; i++)
        {
            int instrument = random.Next(Instruments);
            prices[instrument] += random.Next(-20, 21);
            time += StepNs;
            ref MarketEvent e = ref _events[i];
            e.Header.Kind = EventKind.Tick;
            e.Header.Feed = FeedKind.Binance;
            e.Header.Instrument = InstrumentId.From(FeedKind.Binance, instrument + 1);
            e.Header.PriceDecimals = 2;
            e.Header.QuantityDecimals = 3;
            e.Header.ExchangeTimeNs = time;
            e.Header.Sequence = i;
            e.Tick.LastPrice = prices[instrument];
            e.Tick.LastQuantity = random.Next(1, 5000);
            e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
        }

        _sink = new BenchDerivedSink();
        _aggregator = new BarAggregator(new BarOptions(), _sink);
        _naive = new NaiveBarBuilder([.. BarOptions.DefaultTimeframes.Select(t => t.Span)], TimeZoneInfo.Utc);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Trades, Description = "decimal bars in a locked dictionary")]
    public long NaiveAllTimeframes()
    {
        MarketEvent[] events = _events;
        for (int i = 0; i < events.Length; i++)
        {
            ref MarketEvent e = ref events[i];
            _naive.OnTrade(e.Header.Instrument.Value, e.Header.ExchangeTimeNs, e.Tick.LastPrice, e.Tick.LastQuantity, e.Header.PriceDecimals);
        }

        ShiftTimes();
        return _naive.Closed;
    }

    [Benchmark(OperationsPerInvoke = Trades, Description = "BarAggregator, 7 timeframes")]
    public long AggregatorAllTimeframes()
    {
        MarketEvent[] events = _events;
        BarAggregator aggregator = _aggregator;
        for (int i = 0; i < events.Length; i++)
        {
            aggregator.OnEvent(in events[i]);
        }

        ShiftTimes();
        return _sink.Published;
    }

    private void ShiftTimes()
    {
        long shift = Trades * StepNs;
        MarketEvent[] events = _events;
        for (int i = 0; i < events.Length; i++)
        {
            events[i].Header.ExchangeTimeNs += shift;
        }
    }
}
