using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// Kotak Neo legacy HSM feed at <c>/kotak/hsm</c>: binary big-endian connect, subscribe/unsubscribe and ACK requests;
/// connect and status responses; data frames of SNAP then UPDATE records per topic (optionally numbered, with ACKs
/// expected every <see cref="AckInterval"/> frames). Same instruments and scrip names as the SFeed endpoint, so one
/// instrument configuration works with either. ACK counters add up over every connection of this feed.
/// </summary>
public sealed class KotakHsmSimulatedFeed : ISimulatedFeed
{
    // The SFeed endpoint's instruments (USDINR: multiplier 100, precision 2 on HSM).
    private static readonly IReadOnlyList<SimulatedInstrument> s_defaults = KotakSimulatedFeed.Defaults;

    private long _acksReceived;
    private long _missingAcks;
    private long _unexpectedAcks;
    private long _dataFrames;

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kotak;

    /// <inheritdoc />
    public string Path => "/kotak/hsm";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => s_defaults;

    /// <summary>
    /// ACK interval sent in the connect response: data frames then carry message numbers and the client must ACK the
    /// latest one after every this many frames. 0 (the default) asks for no ACKs.
    /// </summary>
    public int AckInterval { get; init; }

    /// <summary>ACKs received with the expected message number (every <see cref="AckInterval"/>-th frame).</summary>
    public long AcksReceived => Volatile.Read(ref _acksReceived);

    /// <summary>ACKs a client skipped: a later ACK arrived first (each interval passed over counts once).</summary>
    public long MissingAcks => Volatile.Read(ref _missingAcks);

    /// <summary>ACKs for a message number that was not due (already acknowledged, not an interval boundary, or never sent).</summary>
    public long UnexpectedAcks => Volatile.Read(ref _unexpectedAcks);

    /// <summary>Data frames sent by every connection.</summary>
    public long DataFramesSent => Volatile.Read(ref _dataFrames);

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new KotakHsmSimulatedSession(context, this);

    internal void CountAck() => Interlocked.Increment(ref _acksReceived);

    internal void CountMissingAcks(long count) => Interlocked.Add(ref _missingAcks, count);

    internal void CountUnexpectedAck() => Interlocked.Increment(ref _unexpectedAcks);

    internal void CountDataFrame() => Interlocked.Increment(ref _dataFrames);
}
