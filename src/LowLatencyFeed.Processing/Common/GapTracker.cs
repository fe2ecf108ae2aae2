using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Processing.Common;

/// <summary>
/// Remembers the latest gap of each feed session (Disconnected/StaleFeed … Connected) and of the engine
/// (EngineStop … EngineStart). Few entries, searched linearly, only when a bar opens or closes.
/// </summary>
internal sealed class GapTracker
{
    private FeedGap[] _gaps = new FeedGap[16];
    private int _count;

    public int Count => _count;

    public ref FeedGap this[int index] => ref _gaps[index];

    /// <summary>Opens a gap at <paramref name="timeNs"/> (a second disconnect of an open gap keeps the first start). Returns its index.</summary>
    public int Begin(int key, long timeNs)
    {
        int index = Find(key);
        if (index < 0)
        {
            if (_count == _gaps.Length)
            {
                Array.Resize(ref _gaps, _count * 2);
            }

            index = _count++;
            _gaps[index].Key = key;
        }
        else if (_gaps[index].IsOpen)
        {
            return index;
        }

        _gaps[index].StartNs = timeNs;
        _gaps[index].EndNs = long.MaxValue;
        return index;
    }

    /// <summary>Closes the open gap of <paramref name="key"/> at <paramref name="timeNs"/>; a connect without a gap does nothing.</summary>
    public bool End(int key, long timeNs)
    {
        int index = Find(key);
        if (index < 0 || !_gaps[index].IsOpen)
        {
            return false;
        }

        _gaps[index].EndNs = timeNs < _gaps[index].StartNs ? _gaps[index].StartNs : timeNs;
        return true;
    }

    /// <summary>Whether any gap covering the instrument's feed/session overlaps [start, end).</summary>
    public bool Overlaps(FeedKind feed, ushort session, long startNs, long endNs)
    {
        for (int i = 0; i < _count; i++)
        {
            ref FeedGap gap = ref _gaps[i];
            if (gap.Covers(feed, session) && gap.Overlaps(startNs, endNs))
            {
                return true;
            }
        }

        return false;
    }

    private int Find(int key)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_gaps[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }
}
