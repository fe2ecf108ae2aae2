using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Bus.Consuming;

/// <summary>
/// A consumer host's shard of instruments: an explicit list and/or a hash shard (<c>index</c> of <c>count</c>, by a
/// multiplicative hash of the instrument id, stable across hosts and runs). Clock and control events always pass.
/// </summary>
public sealed class InstrumentFilter
{
    private readonly HashSet<long>? _instruments;

    /// <summary>Creates a filter.</summary>
    public InstrumentFilter(IReadOnlyCollection<InstrumentId>? instruments, int shardCount = 1, int shardIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shardIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shardIndex, shardCount);
        if (instruments is { Count: > 0 })
        {
            _instruments = [];
            foreach (InstrumentId id in instruments)
            {
                _instruments.Add(id.Value);
            }
        }

        ShardCount = shardCount;
        ShardIndex = shardIndex;
    }

    /// <summary>Keeps everything.</summary>
    public static InstrumentFilter All { get; } = new(null);

    /// <summary>Hash shards.</summary>
    public int ShardCount { get; }

    /// <summary>This host's shard.</summary>
    public int ShardIndex { get; }

    /// <summary>Whether every event passes.</summary>
    public bool IsAll => _instruments is null && ShardCount == 1;

    /// <summary>The shard of <paramref name="instrument"/> among <paramref name="count"/>.</summary>
    public static int ShardOf(long instrument, int count) => (int)(((ulong)instrument * 0x9E3779B97F4A7C15UL >> 32) % (uint)count);

    /// <summary>Whether this host keeps <paramref name="e"/>.</summary>
    public bool Keeps(ref readonly MarketEvent e)
    {
        EventKind kind = e.Header.Kind;
        if (kind is EventKind.Control or EventKind.Clock || IsAll)
        {
            return true;
        }

        long instrument = e.Header.Instrument.Value;
        return (_instruments is null || _instruments.Contains(instrument)) && (ShardCount == 1 || ShardOf(instrument, ShardCount) == ShardIndex);
    }

    /// <summary>Parses <c>Feed:token</c> (e.g. <c>Kite:408065</c>).</summary>
    public static bool TryParseInstrument(string text, out InstrumentId id)
    {
        id = default;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Enum.TryParse(text.AsSpan(0, colon), ignoreCase: true, out FeedKind feed) || feed == FeedKind.None
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long token) || token <= 0)
        {
            return false;
        }

        id = InstrumentId.From(feed, token);
        return true;
    }
}
