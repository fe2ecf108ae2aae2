using System.Runtime.CompilerServices;
using LowLatencyFeed.Processing.Common;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>Publishing open bars to an <see cref="OpenBarBoard"/> for readers on other threads.</summary>
public sealed partial class BarAggregator
{
    private OpenBarBoard? _openBars;
    private int[] _dirty = new int[64];
    private int _dirtyCount;

    /// <summary>The board open bars are published to, or null.</summary>
    public OpenBarBoard? OpenBars => _openBars;

    /// <summary>Publishes open bars to <paramref name="board"/> from now on (call before the first event).</summary>
    public void AttachOpenBars(OpenBarBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (board.Timeframes.Length != _timeframeCount)
        {
            ThrowHelper.ThrowArgument(nameof(board), "The board's timeframes differ from the aggregator's.");
        }

        _openBars = board;
    }

    /// <summary>
    /// Writes the bars of every instrument changed since the last call to the board (the bar thread, at batch end):
    /// one seqlock write per timeframe of a changed instrument, nothing allocated in steady state.
    /// </summary>
    public void PublishOpenBars()
    {
        OpenBarBoard? board = _openBars;
        if (board is null)
        {
            return;
        }

        for (int d = 0; d < _dirtyCount; d++)
        {
            int index = _dirty[d];
            _instruments[index].Dirty = false;
            for (int tf = 0; tf < _timeframeCount; tf++)
            {
                ref BarState state = ref _bars[(index * _timeframeCount) + tf];
                BarSnapshot open = default;
                BarSnapshot closed = default;
                if (state.HasBar)
                {
                    Snapshot(in state.Current, ref open);
                }

                if (state.HasLastClosed)
                {
                    Snapshot(in state.LastClosed, ref closed);
                }

                board.Write(index, tf, in open, in closed);
            }
        }

        _dirtyCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkDirty(ref InstrumentBarState instrument)
    {
        if (instrument.Dirty || _openBars is null)
        {
            return;
        }

        instrument.Dirty = true;
        if (_dirtyCount == _dirty.Length)
        {
            Array.Resize(ref _dirty, _dirty.Length * 2);
        }

        _dirty[_dirtyCount++] = instrument.Index;
    }

    private static void Snapshot(in BarAccumulator bar, ref BarSnapshot snapshot)
    {
        snapshot.Present = true;
        snapshot.StartTimeNs = bar.Start;
        snapshot.EndTimeNs = bar.End;
        snapshot.Open = bar.Open;
        snapshot.High = bar.High;
        snapshot.Low = bar.Low;
        snapshot.Close = bar.Close;
        snapshot.Volume = bar.Volume;
        snapshot.TradeCount = bar.TradeCount;
        snapshot.Turnover = bar.Turnover;
        snapshot.Vwap = bar.Volume > 0 ? FixedPointMath.DivideRounded(bar.Turnover, bar.Volume) : 0;
        snapshot.Flags = (int)bar.Flags;
    }
}
