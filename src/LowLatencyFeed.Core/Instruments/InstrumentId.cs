using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Core.Instruments;

/// <summary>
/// A stable instrument identity: the feed in the top 8 bits, the broker's native numeric token in the low 56.
/// Derived, not assigned, so journals and database rows keep meaning the same instrument across runs and configs.
/// Symbol-addressed feeds (Binance) map each symbol to a configured numeric token.
/// </summary>
public readonly record struct InstrumentId(long Value)
{
    private const int FeedShift = 56;
    private const long TokenMask = (1L << FeedShift) - 1;

    /// <summary>The feed part.</summary>
    public FeedKind Feed => (FeedKind)(Value >>> FeedShift);

    /// <summary>The broker's token (Kite instrument_token, Dhan security id, configured id for Binance).</summary>
    public long Token => Value & TokenMask;

    /// <summary>Builds the id of <paramref name="token"/> on <paramref name="feed"/>.</summary>
    public static InstrumentId From(FeedKind feed, long token) => new(((long)feed << FeedShift) | (token & TokenMask));

    /// <inheritdoc />
    public override string ToString() => $"{Feed}:{Token}";
}
