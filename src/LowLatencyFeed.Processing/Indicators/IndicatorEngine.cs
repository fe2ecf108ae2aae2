using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Runs the configured indicators on every closed bar and publishes each ready value as a
/// <see cref="DerivedEventKind.Indicator"/> event right after the bar. Pure and deterministic like
/// <see cref="BarAggregator"/>: the same bars in the same order publish the same values, live, warmed up or replayed.
/// Partial bars (end of a replay range) and revised bars are not indicator input: only a bar's final close is; nor is
/// a bar that does not start after the last one taken for its instrument and timeframe (<see cref="StaleBars"/>: a
/// warm-up pass over the journal's tail re-closing bars the full-history pass already took).
/// A bar with high &lt; low or a negative volume is rejected and counted (<see cref="Rejections"/>).
/// Indicators are created when an instrument's first bar arrives (a one-time allocation); nothing is allocated per bar.
/// Not thread-safe: the bar stage's thread (or one replay loop).
/// </summary>
public sealed class IndicatorEngine
{
    private readonly IDerivedEventSink _sink;
    private readonly IndicatorSpec[] _specs;
    private readonly long[] _spans;
    private readonly int[][] _specsBySpan;
    private readonly Func<InstrumentId, TradingSession> _sessionResolver;
    private readonly InstrumentMap _map;
    private readonly List<SessionCalendar> _calendars = [];
    private readonly RejectCounters _rejects;
    private Indicator[][] _indicators;
    private int[] _calendarOf;
    private long[] _lastStartNs;
    private long _staleBars;
    private long _bars;
    private long _valuesEmitted;
    private IndicatorBoard? _board;

    /// <summary>Creates an engine publishing into <paramref name="sink"/>.</summary>
    /// <param name="options">The indicators; validated here.</param>
    /// <param name="sink">Receives the indicator events (the bar stage's sink).</param>
    /// <param name="sessionResolver">Session day per instrument (VWAP anchor); default <see cref="TradingSession.ForInstrument"/>, as the bars.</param>
    /// <param name="logger">Logs the first rejection of each kind; optional.</param>
    public IndicatorEngine(IndicatorOptions options, IDerivedEventSink sink, Func<InstrumentId, TradingSession>? sessionResolver = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        _specs = options.Resolve();
        _sink = sink;
        _sessionResolver = sessionResolver ?? TradingSession.ForInstrument;
        var spans = new List<long>();
        foreach (IndicatorSpec spec in _specs)
        {
            long span = spec.Timeframe.Ticks * 100;
            if (!spans.Contains(span))
            {
                spans.Add(span);
            }
        }

        _spans = [.. spans];
        _specsBySpan = new int[_spans.Length][];
        for (int s = 0; s < _spans.Length; s++)
        {
            long span = _spans[s];
            _specsBySpan[s] = [.. Enumerable.Range(0, _specs.Length).Where(i => _specs[i].Timeframe.Ticks * 100 == span)];
        }

        _map = new InstrumentMap(options.InitialInstrumentCapacity);
        _indicators = new Indicator[options.InitialInstrumentCapacity][];
        _calendarOf = new int[options.InitialInstrumentCapacity];
        _lastStartNs = new long[options.InitialInstrumentCapacity * _spans.Length];
        _rejects = new RejectCounters(nameof(IndicatorEngine), logger);
    }

    /// <summary>The resolved specs (defaults applied), in configuration order: <see cref="IndicatorValues.SpecIndex"/> indexes it.</summary>
    public IReadOnlyList<IndicatorSpec> Specs => _specs;

    /// <summary>Bars taken as input (not rejected).</summary>
    public long Bars => Volatile.Read(ref _bars);

    /// <summary>Bars ignored because they did not start after the last bar taken for their instrument and timeframe.</summary>
    public long StaleBars => Volatile.Read(ref _staleBars);

    /// <summary>Indicator values published.</summary>
    public long ValuesEmitted => Volatile.Read(ref _valuesEmitted);

    /// <summary>Bars rejected, all reasons.</summary>
    public long RejectedBars => _rejects.Total;

    /// <summary>Bars rejected for <paramref name="reason"/> (<see cref="RejectReason.BarHighBelowLow"/>, <see cref="RejectReason.NegativeBarVolume"/>).</summary>
    public long Rejections(RejectReason reason) => _rejects.Get(reason);

    /// <summary>The board the latest values are published to (readers on other threads); null when none is attached.</summary>
    public IndicatorBoard? Board => _board;

    /// <summary>Publishes every value from now on to <paramref name="board"/> too (attach before the first bar; not thread-safe).</summary>
    public void AttachBoard(IndicatorBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (board.Specs.Length != _specs.Length)
        {
            ThrowHelper.ThrowArgument(nameof(board), "The board holds {0} indicators; this engine computes {1}.", board.Specs.Length, _specs.Length);
        }

        if (_map.Count > 0)
        {
            ThrowHelper.ThrowArgument(nameof(board), "Attach the board before the engine's first bar ({0} instruments seen).", _map.Count);
        }

        _board = board;
    }

    /// <summary>The live indicator of <paramref name="instrument"/> for spec <paramref name="specIndex"/>, or null before its first bar.</summary>
    public Indicator? Find(InstrumentId instrument, int specIndex)
    {
        int index = _map.IndexOf(instrument.Value);
        return index < 0 ? null : _indicators[index][specIndex];
    }

    /// <summary>Takes one derived event: a final bar runs the indicators of its timeframe; anything else is ignored.</summary>
    public void OnDerived(in DerivedEvent derived)
    {
        if (derived.Header.Kind == DerivedEventKind.Bar && (derived.Header.Flags & (DerivedFlags.Partial | DerivedFlags.Revised)) == 0)
        {
            OnBar(in derived.Header, in derived.Bar);
        }
    }

    /// <summary>Runs the indicators of the bar's timeframe and publishes their ready values.</summary>
    public void OnBar(in DerivedHeader header, in BarValues bar)
    {
        int group = GroupOf(bar.TimeframeNs);
        if (group < 0)
        {
            return;
        }

        if (bar.High < bar.Low)
        {
            _rejects.Count(RejectReason.BarHighBelowLow, header.Instrument, "bar high below its low");
            return;
        }

        if (bar.Volume < 0)
        {
            _rejects.Count(RejectReason.NegativeBarVolume, header.Instrument, "bar volume below zero");
            return;
        }

        int instrument = _map.IndexOf(header.Instrument.Value);
        if (instrument < 0)
        {
            instrument = AddInstrument(header.Instrument);
        }

        ref long lastStart = ref _lastStartNs[(instrument * _spans.Length) + group];
        if (bar.StartTimeNs <= lastStart)
        {
            _staleBars++;
            return;
        }

        lastStart = bar.StartTimeNs;
        _bars++;

        _calendars[_calendarOf[instrument]].GetDay(bar.StartTimeNs, out long sessionStart, out _);
        IndicatorBar input = IndicatorBar.From(bar.High, bar.Low, bar.Close, bar.Volume, bar.Turnover, header.PriceDecimals, header.QuantityDecimals, sessionStart);
        Indicator[] indicators = _indicators[instrument];
        foreach (int specIndex in _specsBySpan[group])
        {
            Indicator indicator = indicators[specIndex];
            indicator.Update(in input);
            if (indicator.IsReady)
            {
                Emit(indicator, instrument, specIndex, in header, in bar);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GroupOf(long spanNs)
    {
        long[] spans = _spans;
        for (int i = 0; i < spans.Length; i++)
        {
            if (spans[i] == spanNs)
            {
                return i;
            }
        }

        return -1;
    }

    private void Emit(Indicator indicator, int instrument, int specIndex, in DerivedHeader header, in BarValues bar)
    {
        IndicatorSpec spec = _specs[specIndex];
        ref DerivedEvent slot = ref _sink.Claim();
        slot.Header = header;
        slot.Header.Kind = DerivedEventKind.Indicator;
        ref IndicatorValues values = ref slot.Indicator;
        values.BarStartTimeNs = bar.StartTimeNs;
        values.BarEndTimeNs = bar.EndTimeNs;
        values.TimeframeNs = bar.TimeframeNs;
        values.Kind = spec.Kind;
        values.Period = (short)spec.Period;
        values.Period2 = (short)spec.SlowPeriod;
        values.SignalPeriod = (short)spec.SignalPeriod;
        values.Multiplier = spec.Multiplier;
        values.SpecIndex = (byte)specIndex;
        indicator.Write(ref values);
        _board?.Write(instrument, specIndex, in slot.Header, in values);
        _sink.Publish();
        _valuesEmitted++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AddInstrument(InstrumentId instrument)
    {
        int index = _map.Add(instrument.Value);
        if (index == _indicators.Length)
        {
            Array.Resize(ref _indicators, _indicators.Length * 2);
            Array.Resize(ref _calendarOf, _indicators.Length);
            Array.Resize(ref _lastStartNs, _indicators.Length * _spans.Length);
        }

        _lastStartNs.AsSpan(index * _spans.Length, _spans.Length).Fill(long.MinValue);

        var indicators = new Indicator[_specs.Length];
        for (int i = 0; i < indicators.Length; i++)
        {
            indicators[i] = _specs[i].Create();
        }

        _indicators[index] = indicators;
        _calendarOf[index] = CalendarFor(_sessionResolver(instrument));
        _board?.Register(instrument, index);
        return index;
    }

    private int CalendarFor(TradingSession session)
    {
        for (int i = 0; i < _calendars.Count; i++)
        {
            if (_calendars[i].Session.Equals(session))
            {
                return i;
            }
        }

        _calendars.Add(new SessionCalendar(session));
        return _calendars.Count - 1;
    }
}
