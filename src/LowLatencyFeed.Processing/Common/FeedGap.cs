using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Processing.Common;

/// <summary>The latest gap [start, end) of one feed session (or of the whole engine); end is long.MaxValue while it lasts.</summary>
internal struct FeedGap
{
    public const int GlobalKey = -1;

    public int Key;
    public long StartNs;
    public long EndNs;

    public readonly bool IsOpen => EndNs == long.MaxValue;

    public static int KeyOf(FeedKind feed, ushort session) => ((int)feed << 16) | session;

    /// <summary>Whether an instrument of <paramref name="feed"/>/<paramref name="session"/> is covered by this gap's scope.</summary>
    public readonly bool Covers(FeedKind feed, ushort session)
    {
        if (Key == GlobalKey)
        {
            return true;
        }

        // A control event with session 0 speaks for every session of its feed.
        return (Key >> 16) == (int)feed && ((Key & 0xFFFF) == 0 || (Key & 0xFFFF) == session);
    }

    /// <summary>Whether [start, end) overlaps the gap.</summary>
    public readonly bool Overlaps(long startNs, long endNs) => startNs < EndNs && StartNs < endNs;
}
