using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// Computes one feature row per closed bar of the feature timeframe from the bars, the indicator values of that bar,
/// the book samples and the trades before it (Research/README.md "Features"). Pure: the same calls in the same order
/// give the same bits, which is what makes replay and live equal (<see cref="FeaturePipeline"/> makes the calls).
/// Nothing is allocated per bar once an instrument has been seen.
/// </summary>
public sealed class FeatureEngine
{
    private readonly FeatureOptions _options;
    private readonly IFeatureSink _sink;
    private readonly Dictionary<long, InstrumentFeatureState> _states = [];
    private readonly double[] _row;
    private readonly IndicatorValues[] _indicators = new IndicatorValues[FeatureIndicators.Count];
    private readonly bool[] _hasIndicator = new bool[FeatureIndicators.Count];
    private readonly int _volatilityFeature;
    private readonly int _indicatorFeatures;
    private readonly int _bookFeatures;
    private readonly int _flowFeatures;
    private readonly int[] _horizons;
    private readonly int _warmUpBars;
    private DerivedHeader _barHeader;
    private BarValues _bar;
    private InstrumentFeatureState? _barState;

    public FeatureEngine(FeatureOptions options, IFeatureSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _options = options;
        _sink = sink;
        Names = options.FeatureNames();
        _row = new double[Names.Count];
        _horizons = [.. options.ReturnHorizons];
        _warmUpBars = options.WarmUpBars;
        _volatilityFeature = _horizons.Length;
        _indicatorFeatures = _volatilityFeature + 1;
        _bookFeatures = _indicatorFeatures + FeatureNames.Indicators.Length;
        _flowFeatures = _bookFeatures + options.ImbalanceDepths.Count + 3;
    }

    public IReadOnlyList<string> Names { get; }

    public long Rows { get; private set; }

    /// <summary>A closed bar: starts a row (its indicators follow through <see cref="OnIndicator"/>, then <see cref="CompleteBar"/>).</summary>
    public void OnBar(in DerivedHeader header, in BarValues bar)
    {
        if (bar.TimeframeNs != _options.TimeframeNs || (header.Flags & (DerivedFlags.Partial | DerivedFlags.Revised)) != 0)
        {
            _barState = null;
            return;
        }

        _barHeader = header;
        _bar = bar;
        _barState = State(header.Instrument);
        Array.Clear(_hasIndicator);
    }

    /// <summary>An indicator value of the bar begun last (spec order of <see cref="FeatureIndicators"/>).</summary>
    public void OnIndicator(in IndicatorValues values)
    {
        if (_barState is not null && values.SpecIndex < FeatureIndicators.Count && values.TimeframeNs == _options.TimeframeNs)
        {
            _indicators[values.SpecIndex] = values;
            _hasIndicator[values.SpecIndex] = true;
        }
    }

    /// <summary>A book sample: the latest values per instrument, and the open bar's imbalance mean.</summary>
    public void OnBookMetrics(in DerivedHeader header, in BookMetricsValues metrics)
    {
        InstrumentFeatureState state = State(header.Instrument);
        double[] imbalances = state.Imbalances;
        for (int i = 0; i < imbalances.Length; i++)
        {
            imbalances[i] = i < metrics.WindowCount ? metrics.Windows[i].Imbalance : double.NaN;
        }

        double scale = Scale(header.PriceDecimals);
        state.SpreadPrice = metrics.Spread / scale;
        state.MidPrice = metrics.Mid / (scale * 10);
        state.Microprice = metrics.Microprice;
        if (metrics.WindowCount > 0)
        {
            state.FirstImbalanceSum += metrics.Windows[0].Imbalance;
            state.FirstImbalanceSamples++;
        }
    }

    /// <summary>
    /// A priced tick: its volume (a trade's quantity, else the cumulative volume's increase) counts as buy or sell
    /// volume of the open bar by the tick rule (up-tick buy, down-tick sell, unchanged: the previous side).
    /// </summary>
    public void OnTick(in EventHeader header, in TickPayload tick)
    {
        if ((tick.Fields & TickFields.LastPrice) == 0 || (header.Flags & EventFlags.Index) != 0)
        {
            return;
        }

        InstrumentFeatureState state = State(header.Instrument);
        long volume;
        if ((tick.Fields & TickFields.IsTrade) != 0)
        {
            volume = tick.LastQuantity;
        }
        else if ((tick.Fields & TickFields.CumulativeVolume) != 0)
        {
            long baseline = state.VolumeBaseline;
            state.VolumeBaseline = tick.CumulativeVolume;
            volume = baseline < 0 ? 0 : tick.CumulativeVolume >= baseline ? tick.CumulativeVolume - baseline : tick.CumulativeVolume;
        }
        else
        {
            volume = 0;
        }

        int sign = state.LastTradePrice == 0 ? 0 : Math.Sign(tick.LastPrice - state.LastTradePrice);
        if (sign != 0)
        {
            state.LastSign = sign;
        }

        state.LastTradePrice = tick.LastPrice;
        if (volume <= 0)
        {
            return;
        }

        int slot = (int)(state.Bars % state.BuyVolumes.Length);
        if (state.LastSign > 0)
        {
            state.BuyVolumes[slot] += volume;
        }
        else if (state.LastSign < 0)
        {
            state.SellVolumes[slot] += volume;
        }
    }

    /// <summary>Computes and publishes the row of the bar begun by <see cref="OnBar"/>.</summary>
    public void CompleteBar()
    {
        InstrumentFeatureState? state = _barState;
        if (state is null)
        {
            return;
        }

        _barState = null;
        Span<double> row = _row;
        ref readonly BarValues bar = ref _bar;
        double scale = Scale(_barHeader.PriceDecimals);
        double close = bar.Close / scale;
        double logClose = Math.Log(close);
        double[] closes = state.LogCloses;
        long n = state.Bars;

        // Returns and realized volatility from the ring of earlier closes (slot n % length is the oldest, overwritten now).
        for (int i = 0; i < _horizons.Length; i++)
        {
            int h = _horizons[i];
            row[i] = n >= h ? logClose - closes[(int)((n - h) % closes.Length)] : double.NaN;
        }

        int window = _options.VolatilityWindow;
        if (n >= window)
        {
            double sum = 0;
            double later = logClose;
            for (int k = 1; k <= window; k++)
            {
                double earlier = closes[(int)((n - k) % closes.Length)];
                double r = later - earlier;
                sum += r * r;
                later = earlier;
            }

            row[_volatilityFeature] = Math.Sqrt(sum / window);
        }
        else
        {
            row[_volatilityFeature] = double.NaN;
        }

        WriteIndicators(row.Slice(_indicatorFeatures, FeatureNames.Indicators.Length), close, bar.Volume, state);
        WriteBook(row.Slice(_bookFeatures, _options.ImbalanceDepths.Count + 3), state);
        WriteFlow(row[_flowFeatures..], state, in bar);

        closes[(int)(n % closes.Length)] = logClose;
        state.Bars = n + 1;
        int next = (int)(state.Bars % state.BuyVolumes.Length);
        state.BuyVolumes[next] = 0;
        state.SellVolumes[next] = 0;
        Rows++;
        var info = new FeatureRow(
            _barHeader.Instrument, bar.StartTimeNs, bar.EndTimeNs, _barHeader.SourceSequence, _barHeader.SourceExchangeTimeNs,
            _barHeader.SourceReceiveTimeNs, bar.Open, bar.High, bar.Low, bar.Close, _barHeader.PriceDecimals, _barHeader.QuantityDecimals,
            _barHeader.SessionId, n >= _warmUpBars);
        _sink.OnFeatures(in info, row);
    }

    private void WriteIndicators(Span<double> f, double close, long volume, InstrumentFeatureState state)
    {
        f.Fill(double.NaN);
        if (_hasIndicator[FeatureIndicators.Rsi])
        {
            f[0] = _indicators[FeatureIndicators.Rsi].Value1;
        }

        if (_hasIndicator[FeatureIndicators.Macd])
        {
            f[1] = _indicators[FeatureIndicators.Macd].Value3 / close;
        }

        if (_hasIndicator[FeatureIndicators.Bollinger])
        {
            ref readonly IndicatorValues b = ref _indicators[FeatureIndicators.Bollinger];
            double width = b.Value2 - b.Value3;
            f[2] = width > 0 ? (close - b.Value1) / width : 0;
        }

        if (_hasIndicator[FeatureIndicators.Atr])
        {
            f[3] = _indicators[FeatureIndicators.Atr].Value1 / close;
        }

        if (_hasIndicator[FeatureIndicators.Adx])
        {
            ref readonly IndicatorValues a = ref _indicators[FeatureIndicators.Adx];
            f[4] = a.Value1;
            f[5] = a.Value2 - a.Value3;
        }

        if (_hasIndicator[FeatureIndicators.Stochastic])
        {
            f[6] = _indicators[FeatureIndicators.Stochastic].Value1;
            f[7] = _indicators[FeatureIndicators.Stochastic].Value2;
        }

        if (_hasIndicator[FeatureIndicators.Cci])
        {
            f[8] = _indicators[FeatureIndicators.Cci].Value1;
        }

        if (_hasIndicator[FeatureIndicators.WilliamsR])
        {
            f[9] = _indicators[FeatureIndicators.WilliamsR].Value1;
        }

        if (_hasIndicator[FeatureIndicators.Mfi])
        {
            f[10] = _indicators[FeatureIndicators.Mfi].Value1;
        }

        if (_hasIndicator[FeatureIndicators.Vwap])
        {
            f[11] = (close - (double)_indicators[FeatureIndicators.Vwap].Exact) / close;
        }

        if (_hasIndicator[FeatureIndicators.SuperTrend])
        {
            f[12] = _indicators[FeatureIndicators.SuperTrend].Value2;
        }

        if (_hasIndicator[FeatureIndicators.Ema])
        {
            f[13] = (close - _indicators[FeatureIndicators.Ema].Value1) / close;
        }

        if (_hasIndicator[FeatureIndicators.Sma])
        {
            f[14] = (close - (double)_indicators[FeatureIndicators.Sma].Exact) / close;
        }

        if (_hasIndicator[FeatureIndicators.Wma])
        {
            f[15] = (close - (double)_indicators[FeatureIndicators.Wma].Exact) / close;
        }

        if (_hasIndicator[FeatureIndicators.Obv])
        {
            double obv = (double)_indicators[FeatureIndicators.Obv].Exact;
            f[16] = double.IsNaN(state.PreviousObv) || volume == 0 ? double.NaN : (obv - state.PreviousObv) / volume * Scale(_barHeader.QuantityDecimals);
            state.PreviousObv = obv;
        }
    }

    private static void WriteBook(Span<double> f, InstrumentFeatureState state)
    {
        double[] imbalances = state.Imbalances;
        for (int i = 0; i < imbalances.Length; i++)
        {
            f[i] = imbalances[i];
        }

        int k = imbalances.Length;
        f[k] = state.FirstImbalanceSamples > 0 ? state.FirstImbalanceSum / state.FirstImbalanceSamples : double.NaN;
        double mid = state.MidPrice;
        f[k + 1] = mid > 0 ? state.SpreadPrice / mid * 10_000 : double.NaN;
        f[k + 2] = mid > 0 ? (state.Microprice - mid) / mid * 10_000 : double.NaN;
        state.FirstImbalanceSum = 0;
        state.FirstImbalanceSamples = 0;
    }

    private void WriteFlow(Span<double> f, InstrumentFeatureState state, in BarValues bar)
    {
        int slot = (int)(state.Bars % state.BuyVolumes.Length);
        f[0] = Imbalance(state.BuyVolumes[slot], state.SellVolumes[slot]);
        long buy = 0;
        long sell = 0;
        int bars = (int)Math.Min(state.Bars + 1, _options.FlowWindow);
        for (int k = 0; k < bars; k++)
        {
            int index = (int)((state.Bars - k) % state.BuyVolumes.Length);
            buy += state.BuyVolumes[index];
            sell += state.SellVolumes[index];
        }

        f[1] = bars == _options.FlowWindow ? Imbalance(buy, sell) : double.NaN;

        // Volume against the mean of the same time-of-session slot in earlier sessions, then the slot learns this bar.
        long sessionStart = state.Calendar.StartOf(bar.StartTimeNs);
        long offset = bar.StartTimeNs - sessionStart;
        int profileSlot = (int)Math.Clamp(offset / _options.TimeframeNs, 0, state.ProfileSums.Length - 1);
        int count = state.ProfileCounts[profileSlot];
        double mean = count > 0 ? state.ProfileSums[profileSlot] / count : 0;
        f[2] = mean > 0 ? bar.Volume / mean : double.NaN;
        state.ProfileSums[profileSlot] += bar.Volume;
        state.ProfileCounts[profileSlot] = count + 1;
        f[3] = (double)offset / SessionDay.DayNs;
    }

    private static double Imbalance(long buy, long sell)
    {
        long total = buy + sell;
        return total > 0 ? (double)(buy - sell) / total : double.NaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Scale(int decimals) => s_powers[decimals];

    private static readonly double[] s_powers = BuildPowers();

    private static double[] BuildPowers()
    {
        var powers = new double[19];
        double p = 1;
        for (int i = 0; i < powers.Length; i++)
        {
            powers[i] = p;
            p *= 10;
        }

        return powers;
    }

    private InstrumentFeatureState State(InstrumentId instrument)
    {
        if (_states.TryGetValue(instrument.Value, out InstrumentFeatureState? state))
        {
            return state;
        }

        return AddState(instrument);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private InstrumentFeatureState AddState(InstrumentId instrument)
    {
        // A calendar per instrument: it caches the current day, so instruments must not share one.
        var state = new InstrumentFeatureState(_options, new SessionDay(_options.SessionResolver(instrument)));
        _states.Add(instrument.Value, state);
        return state;
    }
}
