using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// Builds OHLCV bars for every instrument and timeframe from ticks, and publishes each closed bar as a
/// <see cref="DerivedEvent"/>. Pure and deterministic: time comes only from events, so the same events in the same
/// order always publish the same bars, live or replayed. Not thread-safe: one consumer thread (or one replay loop).
/// </summary>
/// <remarks>
/// <para><b>Prices.</b> A tick counts only if it carries <see cref="TickFields.LastPrice"/>. Ticks flagged
/// <see cref="EventFlags.Index"/> build price-only bars (volume 0, <see cref="DerivedFlags.PriceOnly"/>).</para>
/// <para><b>Volume.</b> A <see cref="TickFields.IsTrade"/> tick (Binance) adds its <see cref="TickPayload.LastQuantity"/>.
/// Otherwise a tick with <see cref="TickFields.CumulativeVolume"/> (Kite, Dhan, Kotak) adds the increase of the day volume
/// since the previous such tick of the instrument. The first cumulative value seen only sets the baseline (delta 0), so a
/// mid-session start does not dump the whole day's volume into one bar. A decrease is a session reset: the new value is
/// the delta (<see cref="DerivedFlags.VolumeReset"/>). A tick without a price leaves the baseline alone, so its volume
/// lands in the next priced tick. Trade count: +1 per tick whose volume is &gt; 0.</para>
/// <para><b>Time.</b> Bars are [start, start + span) in exchange time (receive time when the exchange time is 0),
/// aligned to the instrument's <see cref="TradingSession"/>. A bar closes when a tick at or after its end arrives, or
/// when a <see cref="EventKind.Clock"/> event reaches end + <see cref="BarOptions.ClockCloseDelay"/>. A tick earlier
/// than others but inside the open bar updates it (open/close follow exchange time); a tick older than the open bar
/// is handled by <see cref="BarOptions.LateTradePolicy"/>.</para>
/// <para><b>Gaps.</b> Disconnected/StaleFeed control events open a gap for their feed session (session 0: the whole
/// feed), Connected closes it; EngineStop/EngineStart do the same for every instrument. Bars overlapping a gap carry
/// <see cref="DerivedFlags.GapAffected"/>.</para>
/// <para><b>Memory.</b> State for <see cref="BarOptions.InitialInstrumentCapacity"/> instruments is allocated up front;
/// beyond it the tables double (a one-time allocation). Nothing is allocated per event.</para>
/// </remarks>
public sealed partial class BarAggregator
{
    private readonly IDerivedEventSink _sink;
    private readonly Func<InstrumentId, TradingSession> _sessionResolver;
    private readonly long[] _spanNs;
    private readonly bool[] _emitFlat;
    private readonly int _timeframeCount;
    private readonly long _clockDelayNs;
    private readonly bool _reviseLastClosed;
    private readonly InstrumentMap _map;
    private readonly List<SessionCalendar> _calendars = [];
    private readonly GapTracker _gaps = new();
    private readonly RejectCounters _rejects;
    private InstrumentBarState[] _instruments;
    private BarState[] _bars;
    private long _nextDueNs = long.MaxValue;

    /// <summary>Creates an aggregator publishing into <paramref name="sink"/>.</summary>
    /// <param name="options">Timeframes, late-trade policy, sessions; validated here.</param>
    /// <param name="sink">Receives every bar (one sink per thread).</param>
    /// <param name="logger">Logs the first rejection of each kind; optional.</param>
    public BarAggregator(BarOptions options, IDerivedEventSink sink, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Options = options;
        _sink = sink;
        _sessionResolver = options.SessionResolver;
        _timeframeCount = options.Timeframes.Count;
        _spanNs = new long[_timeframeCount];
        _emitFlat = new bool[_timeframeCount];
        for (int i = 0; i < _timeframeCount; i++)
        {
            _spanNs[i] = options.Timeframes[i].Span.Ticks * 100;
            _emitFlat[i] = options.Timeframes[i].EmitFlatBars;
        }

        _clockDelayNs = options.ClockCloseDelay.Ticks * 100;
        _reviseLastClosed = options.LateTradePolicy == LateTradePolicy.ReviseLastClosed;
        _map = new InstrumentMap(options.InitialInstrumentCapacity);
        _instruments = new InstrumentBarState[options.InitialInstrumentCapacity];
        _bars = new BarState[options.InitialInstrumentCapacity * _timeframeCount];
        _rejects = new RejectCounters(nameof(BarAggregator), logger);
    }

    /// <summary>The options in force.</summary>
    public BarOptions Options { get; }

    /// <summary>Dispatches a ring event: ticks, clocks and control events; everything else is ignored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(in MarketEvent data)
    {
        switch (data.Header.Kind)
        {
            case EventKind.Tick:
                OnTick(in data.Header, in data.Tick);
                break;
            case EventKind.Clock:
                OnClock(in data.Header);
                break;
            case EventKind.Control:
                OnControl(in data.Header, in data.Control);
                break;
        }
    }

    /// <summary>Adds one tick to every timeframe of its instrument, closing (and publishing) bars it moves past.</summary>
    public void OnTick(in EventHeader header, in TickPayload tick)
    {
        _ticks++;
        TickFields fields = tick.Fields;
        if ((fields & TickFields.LastPrice) == 0)
        {
            _unpricedTicks++;
            return;
        }

        int index = ResolveInstrument(in header);
        if (index < 0)
        {
            return;
        }

        ref InstrumentBarState instrument = ref _instruments[index];
        MarkDirty(ref instrument);
        long quantity = 0;
        DerivedFlags tickFlags = DerivedFlags.None;
        if ((header.Flags & EventFlags.Index) != 0)
        {
            tickFlags = DerivedFlags.PriceOnly;
        }
        else if ((fields & TickFields.IsTrade) != 0)
        {
            if ((fields & TickFields.LastQuantity) != 0)
            {
                quantity = tick.LastQuantity;
                if (quantity < 0)
                {
                    _rejects.Count(RejectReason.NegativeQuantity, header.Instrument, "trade quantity below zero");
                    return;
                }
            }
        }
        else if ((fields & TickFields.CumulativeVolume) != 0)
        {
            long cumulative = tick.CumulativeVolume;
            if (cumulative < 0)
            {
                _rejects.Count(RejectReason.NegativeQuantity, header.Instrument, "cumulative volume below zero");
                return;
            }

            if (!instrument.HasCumulativeVolume)
            {
                instrument.HasCumulativeVolume = true;
            }
            else if (cumulative >= instrument.LastCumulativeVolume)
            {
                quantity = cumulative - instrument.LastCumulativeVolume;
            }
            else
            {
                quantity = cumulative;
                tickFlags = DerivedFlags.VolumeReset;
                _volumeResets++;
            }

            instrument.LastCumulativeVolume = cumulative;
        }

        long timeNs = EventTime.Of(in header);
        if (timeNs < instrument.LatestTimeNs)
        {
            _lateTicks++;
        }
        else
        {
            instrument.LatestTimeNs = timeNs;
        }

        long price = tick.LastPrice;
        ref BarState first = ref _bars[index * _timeframeCount];
        for (int tf = 0; tf < _timeframeCount; tf++)
        {
            ref BarState state = ref Unsafe.Add(ref first, tf);

            // The common case: the tick falls inside the open bar.
            if (state.HasBar && timeNs >= state.Current.Start && timeNs < state.Current.End)
            {
                state.Current.Apply(timeNs, price, quantity, tickFlags);
                continue;
            }

            Advance(ref instrument, ref state, tf, timeNs, price, quantity, tickFlags, in header);
        }
    }

    /// <summary>Closes every bar whose end + <see cref="BarOptions.ClockCloseDelay"/> the clock has reached (and publishes due flat bars).</summary>
    public void OnClock(in EventHeader header)
    {
        _clockEvents++;
        long nowNs = EventTime.Of(in header);
        if (nowNs < _nextDueNs)
        {
            return;
        }

        long nextDue = long.MaxValue;
        int count = _map.Count;
        for (int i = 0; i < count; i++)
        {
            ref InstrumentBarState instrument = ref _instruments[i];
            ref BarState first = ref _bars[i * _timeframeCount];
            for (int tf = 0; tf < _timeframeCount; tf++)
            {
                ref BarState state = ref Unsafe.Add(ref first, tf);
                if (state.HasBar)
                {
                    long due = state.Current.End + _clockDelayNs;
                    if (nowNs < due)
                    {
                        nextDue = Math.Min(nextDue, due);
                        continue;
                    }

                    CloseBar(ref instrument, ref state, tf, DerivedFlags.ClosedByClock, in header);
                }

                if (_emitFlat[tf] && state.HasLastClosed)
                {
                    SessionCalendar calendar = _calendars[instrument.CalendarIndex];
                    while (true)
                    {
                        calendar.GetBucket(state.Watermark, _spanNs[tf], out long start, out long end);
                        long due = end + _clockDelayNs;
                        if (nowNs < due)
                        {
                            nextDue = Math.Min(nextDue, due);
                            break;
                        }

                        EmitFlatBar(ref instrument, ref state, tf, start, end, in header);
                    }
                }
            }
        }

        _nextDueNs = nextDue;
    }

    /// <summary>Tracks feed gaps from control events (see the remarks on <see cref="BarAggregator"/>).</summary>
    public void OnControl(in EventHeader header, in ControlPayload control)
    {
        long timeNs = EventTime.Of(in header);
        switch (control.Code)
        {
            case ControlCode.Disconnected:
            case ControlCode.StaleFeed:
                BeginGap(FeedGap.KeyOf(header.Feed, header.SessionId), timeNs);
                break;
            case ControlCode.Connected:
                _gaps.End(FeedGap.KeyOf(header.Feed, header.SessionId), timeNs);
                break;
            case ControlCode.EngineStop:
                BeginGap(FeedGap.GlobalKey, timeNs);
                break;
            case ControlCode.EngineStart:
                _gaps.End(FeedGap.GlobalKey, timeNs);
                break;
        }
    }

    /// <summary>
    /// Publishes every open bar as it stands, flagged <see cref="DerivedFlags.Partial"/>, and keeps it open (a later close
    /// publishes the final bar: storage upserts by instrument, timeframe and start). For the end of a replay range.
    /// </summary>
    /// <param name="source">Stands in for the source event (sequence and times of the last event replayed).</param>
    public void FlushOpenBars(in EventHeader source)
    {
        int count = _map.Count;
        for (int i = 0; i < count; i++)
        {
            ref InstrumentBarState instrument = ref _instruments[i];
            for (int tf = 0; tf < _timeframeCount; tf++)
            {
                ref BarState state = ref _bars[(i * _timeframeCount) + tf];
                if (state.HasBar)
                {
                    Emit(ref instrument, ref state.Current, tf, state.Current.Flags | DerivedFlags.Partial | GapFlag(ref instrument, ref state.Current), in source);
                }
            }
        }
    }
}
