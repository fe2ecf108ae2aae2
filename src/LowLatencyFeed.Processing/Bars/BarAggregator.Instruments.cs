using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Processing.Common;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// The instrument table: an event's instrument resolved to its slot (added on first sight, with its trading calendar and
/// decimals), and rejected when its decimals change.
/// </summary>
public sealed partial class BarAggregator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ResolveInstrument(in EventHeader header)
    {
        int index = _map.IndexOf(header.Instrument.Value);
        if (index < 0)
        {
            index = AddInstrument(in header);
        }

        ref InstrumentBarState instrument = ref _instruments[index];
        if (instrument.PriceDecimals != header.PriceDecimals || instrument.QuantityDecimals != header.QuantityDecimals)
        {
            _rejects.Count(RejectReason.DecimalsChanged, header.Instrument, "price or quantity decimals differ from the instrument's first event");
            return -1;
        }

        instrument.SessionId = header.SessionId;
        return index;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AddInstrument(in EventHeader header)
    {
        int index = _map.Add(header.Instrument.Value);
        if (index == _instruments.Length)
        {
            Array.Resize(ref _instruments, _instruments.Length * 2);
            Array.Resize(ref _bars, _instruments.Length * _timeframeCount);
        }

        ref InstrumentBarState instrument = ref _instruments[index];
        instrument.Instrument = header.Instrument;
        instrument.Feed = header.Feed;
        instrument.SessionId = header.SessionId;
        instrument.PriceDecimals = header.PriceDecimals;
        instrument.QuantityDecimals = header.QuantityDecimals;
        instrument.LatestTimeNs = long.MinValue;
        instrument.CalendarIndex = CalendarFor(_sessionResolver(header.Instrument));
        instrument.Index = index;
        _openBars?.Register(header.Instrument, index, header.PriceDecimals, header.QuantityDecimals);
        foreach (ref BarState state in _bars.AsSpan(index * _timeframeCount, _timeframeCount))
        {
            state.Watermark = long.MinValue;
        }

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
