using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// A bar's life in one timeframe: opened by the first tick of its bucket (flat bars filling quiet buckets first), closed
/// by a later tick or a clock, revised or dropped when an older tick arrives, flagged when a feed gap overlaps it, and
/// published as a <see cref="DerivedEvent"/>.
/// </summary>
public sealed partial class BarAggregator
{
    private void Advance(ref InstrumentBarState instrument, ref BarState state, int tf, long timeNs, long price, long quantity, DerivedFlags tickFlags, in EventHeader source)
    {
        if (state.HasBar)
        {
            if (timeNs < state.Current.Start)
            {
                HandleOlder(ref instrument, ref state, tf, timeNs, price, quantity, tickFlags, in source);
                return;
            }

            CloseBar(ref instrument, ref state, tf, DerivedFlags.None, in source);
        }
        else if (timeNs < state.Watermark)
        {
            HandleOlder(ref instrument, ref state, tf, timeNs, price, quantity, tickFlags, in source);
            return;
        }

        SessionCalendar calendar = _calendars[instrument.CalendarIndex];
        long span = _spanNs[tf];
        calendar.GetBucket(timeNs, span, out long start, out long end);
        if (_emitFlat[tf] && state.HasLastClosed)
        {
            while (state.Watermark < start)
            {
                calendar.GetBucket(state.Watermark, span, out long flatStart, out long flatEnd);
                EmitFlatBar(ref instrument, ref state, tf, flatStart, flatEnd, in source);
            }
        }

        state.Current.Begin(start, end, timeNs, price, quantity, tickFlags);
        state.HasBar = true;
        if (_gaps.Count != 0 && _gaps.Overlaps(instrument.Feed, instrument.SessionId, start, end))
        {
            state.Current.Flags |= DerivedFlags.GapAffected;
        }

        long due = end + _clockDelayNs;
        if (due < _nextDueNs)
        {
            _nextDueNs = due;
        }
    }

    private void HandleOlder(ref InstrumentBarState instrument, ref BarState state, int tf, long timeNs, long price, long quantity, DerivedFlags tickFlags, in EventHeader source)
    {
        _olderTicks++;
        if (_reviseLastClosed && state.HasLastClosed && timeNs >= state.LastClosed.Start && timeNs < state.LastClosed.End)
        {
            ref BarAccumulator bar = ref state.LastClosed;
            if ((bar.Flags & DerivedFlags.Flat) != 0)
            {
                // A flat bar's prices were carried forward, not traded: the first real tick replaces them.
                bar.Begin(bar.Start, bar.End, timeNs, price, quantity, (bar.Flags & ~DerivedFlags.Flat) | tickFlags);
            }
            else
            {
                bar.Apply(timeNs, price, quantity, tickFlags);
            }

            bar.Flags |= DerivedFlags.Revised;
            _barsRevised++;
            Emit(ref instrument, ref bar, tf, bar.Flags | GapFlag(ref instrument, ref bar), in source);
            return;
        }

        _droppedOlderTicks++;
    }

    private void CloseBar(ref InstrumentBarState instrument, ref BarState state, int tf, DerivedFlags extra, in EventHeader source)
    {
        state.Current.Flags |= GapFlag(ref instrument, ref state.Current);
        Emit(ref instrument, ref state.Current, tf, state.Current.Flags | extra, in source);
        state.LastClosed = state.Current;
        state.HasLastClosed = true;
        state.HasBar = false;
        state.Watermark = state.Current.End;
    }

    private void EmitFlatBar(ref InstrumentBarState instrument, ref BarState state, int tf, long start, long end, in EventHeader source)
    {
        long close = state.LastClosed.Close;
        ref BarAccumulator bar = ref state.LastClosed;
        bar.Begin(start, end, start, close, 0, DerivedFlags.Flat | (state.LastClosed.Flags & DerivedFlags.PriceOnly));
        bar.Flags |= GapFlag(ref instrument, ref bar);
        state.Watermark = end;
        _flatBarsEmitted++;
        Emit(ref instrument, ref bar, tf, bar.Flags, in source);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DerivedFlags GapFlag(ref InstrumentBarState instrument, ref BarAccumulator bar) =>
        _gaps.Count != 0 && _gaps.Overlaps(instrument.Feed, instrument.SessionId, bar.Start, bar.End) ? DerivedFlags.GapAffected : DerivedFlags.None;

    private void Emit(ref InstrumentBarState instrument, ref BarAccumulator bar, int tf, DerivedFlags flags, in EventHeader source)
    {
        MarkDirty(ref instrument);
        ref DerivedEvent slot = ref _sink.Claim();
        slot.Header.Kind = DerivedEventKind.Bar;
        slot.Header.Feed = instrument.Feed;
        slot.Header.PriceDecimals = instrument.PriceDecimals;
        slot.Header.QuantityDecimals = instrument.QuantityDecimals;
        slot.Header.Flags = flags;
        slot.Header.SessionId = instrument.SessionId;
        slot.Header.Instrument = instrument.Instrument;
        slot.Header.SourceSequence = source.Sequence;
        slot.Header.SourceExchangeTimeNs = source.ExchangeTimeNs;
        slot.Header.SourceReceiveTimeNs = source.ReceiveTimeNs;
        ref BarValues values = ref slot.Bar;
        values.StartTimeNs = bar.Start;
        values.EndTimeNs = bar.End;
        values.Open = bar.Open;
        values.High = bar.High;
        values.Low = bar.Low;
        values.Close = bar.Close;
        values.Volume = bar.Volume;
        values.TradeCount = bar.TradeCount;
        values.Turnover = bar.Turnover;
        values.Vwap = bar.Volume > 0 ? FixedPointMath.DivideRounded(bar.Turnover, bar.Volume) : 0;
        values.TimeframeNs = _spanNs[tf];
        values.TimeframeIndex = tf;
        _sink.Publish();
        _barsEmitted++;
    }

    private void BeginGap(int key, long timeNs)
    {
        int index = _gaps.Begin(key, timeNs);
        _gapsObserved++;
        ref FeedGap gap = ref _gaps[index];
        int count = _map.Count;
        for (int i = 0; i < count; i++)
        {
            ref InstrumentBarState instrument = ref _instruments[i];
            if (!gap.Covers(instrument.Feed, instrument.SessionId))
            {
                continue;
            }

            for (int tf = 0; tf < _timeframeCount; tf++)
            {
                ref BarState state = ref _bars[(i * _timeframeCount) + tf];
                if (state.HasBar && gap.Overlaps(state.Current.Start, state.Current.End))
                {
                    state.Current.Flags |= DerivedFlags.GapAffected;
                }
            }
        }
    }
}
