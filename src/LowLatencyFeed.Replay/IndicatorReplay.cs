using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Replay;

/// <summary>
/// The replay's indicators, computed exactly as live. An indicator value depends on every earlier bar, so the
/// indicators get a bar aggregator of their own fed from a second journal cursor: every event in sequence order from
/// the journal's start (same instrument filter, no time filter: live saw every event), kept in step with the replay
/// loop. Values are published from the first replayed event on (earlier ones only seed), so each value equals the live
/// one bit for bit. The replay's own bars are untouched (a range starting mid-bar still yields that bar as the replay
/// saw it); the indicators see complete bars.
/// </summary>
internal sealed class IndicatorReplay : IDisposable
{
    private readonly GatedDerivedEventSink _gate;
    private readonly BarBuilderHandler _bars;
    private readonly JournalCursor _history;
    private bool _pending;
    private bool _exhausted;

    public IndicatorReplay(ReplayOptions options, IDerivedEventSink sink)
    {
        _gate = new GatedDerivedEventSink(sink);
        Engine = new IndicatorEngine(options.Indicators!, _gate, options.Bars.SessionResolver);
        _bars = new BarBuilderHandler(options.Bars, new IndicatorStageSink(new GatedDerivedEventSink(null), Engine));
        _history = JournalReader.Open(options.JournalDirectory).Read(new JournalQuery { Instruments = options.Instruments });
    }

    public IndicatorEngine Engine { get; }

    /// <summary>Before the replay loop hands event <paramref name="sequence"/> to its consumers.</summary>
    public void OnEvent(long sequence)
    {
        AdvanceThrough(sequence - 1);
        _gate.Open();
        AdvanceThrough(sequence);
    }

    public void Dispose() => _history.Dispose();

    private void AdvanceThrough(long sequence)
    {
        while (!_exhausted)
        {
            if (!_pending)
            {
                if (!_history.MoveNext())
                {
                    _exhausted = true;
                    return;
                }

                _pending = true;
            }

            if (_history.Current.Header.Sequence > sequence)
            {
                return;
            }

            MarketEvent copy = _history.Current;
            _bars.OnEvent(ref copy, copy.Header.Sequence, endOfBatch: false);
            _pending = false;
        }
    }
}
