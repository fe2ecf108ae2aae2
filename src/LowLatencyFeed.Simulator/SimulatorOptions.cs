namespace LowLatencyFeed.Simulator;

/// <summary>
/// What the simulator serves and how. A "message" here is one market update of one instrument (one Kite packet, one
/// Binance event); several are batched into a WebSocket frame at high rates where the wire allows it. Rates, limits
/// and faults apply per connection, and every connection runs its own generator seeded from <see cref="Seed"/> and
/// its connection number, so a run is reproducible.
/// </summary>
public sealed record SimulatorOptions
{
    /// <summary>Longest <see cref="FragmentDelay"/>: a longer pause mid-message would only trip the client's stale-feed watchdog.</summary>
    public static readonly TimeSpan MaxFragmentDelay = TimeSpan.FromSeconds(10);

    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one (see <see cref="SimulatorServer.BaseUri"/>).</summary>
    public int Port { get; init; }

    /// <summary>Seed of the random walk; connection n uses <c>Seed + n</c>. Default 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Instruments to stream; a feed with none here uses its <see cref="ISimulatedFeed.DefaultInstruments"/>. Default empty.</summary>
    public IReadOnlyList<SimulatedInstrument> Instruments { get; init; } = [];

    /// <summary>
    /// Target messages per second per connection, across its subscribed instruments, paced on the monotonic clock.
    /// 0 sends as fast as the client reads. Default 1000.
    /// </summary>
    public double MessagesPerSecond { get; init; } = 1000;

    /// <summary>Most messages batched into one frame when several are due (capped by the feed's own limit). Default 64.</summary>
    public int MaxMessagesPerFrame { get; init; } = 64;

    /// <summary>Messages after which a connection stops streaming and only heartbeats; 0 (the default) is unlimited.</summary>
    public long MaxMessages { get; init; }

    /// <summary>Streaming time after which a connection only heartbeats; null (the default) is unlimited.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Idle time after which a heartbeat is sent (protocols that have one). Default 1 s, inside Kite's "every couple of seconds".</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Fault: abort each connection (no close frame) after it has sent this many messages; 0 (the default) never.</summary>
    public long DropConnectionEveryMessages { get; init; }

    /// <summary>Fault: after this many messages a connection sends nothing more, heartbeats included, but stays open; 0 (the default) never.</summary>
    public long SilentAfterMessages { get; init; }

    /// <summary>
    /// Fault: after every this many messages a connection sends one extra message of seeded random bytes that the
    /// feed's decoder must reject whole (an impossible length prefix; for JSON feeds, text that is not JSON). No real
    /// message is lost. Feeds whose session does not implement <see cref="ISimulatedFaultWriter"/> get none.
    /// 0 (the default) never.
    /// </summary>
    public long GarbageEveryMessages { get; init; }

    /// <summary>
    /// Fault: after every this many messages a connection sends one extra message: a copy of the data message it has
    /// just sent, cut short inside its first packet (JSON: mid-object), so a decoder reports it truncated and
    /// publishes nothing from it. No real message is lost. When the batch just sent has no message that can be cut,
    /// the truncated copy sent last goes again, so a connection that has sent N messages has injected exactly
    /// N / this many truncations (once it has sent anything that can be cut). 0 (the default) never.
    /// </summary>
    public long TruncateEveryMessages { get; init; }

    /// <summary>
    /// Slow link: every message longer than this many bytes is sent as WebSocket fragments of at most this size
    /// (end-of-message on the last one only), which the client must reassemble. 0 (the default) sends whole messages.
    /// </summary>
    public int FragmentBytes { get; init; }

    /// <summary>Slow link: pause between consecutive fragments of one message (needs <see cref="FragmentBytes"/>). Default zero.</summary>
    public TimeSpan FragmentDelay { get; init; }

    /// <summary>Record every event each connection sent (see <see cref="SimulatorConnection.GetSentEvents"/>); for tests. Default false.</summary>
    public bool CaptureSentEvents { get; init; }

    /// <summary>
    /// With <see cref="CaptureSentEvents"/>: each connection appends its sent events to <c>connection-{Id}.events</c> in
    /// this (existing) directory, as raw 256-byte <see cref="Core.Events.MarketEvent"/>s, instead of holding them in
    /// memory; <see cref="SimulatorConnection.ReadSentEvents"/> streams them back. For runs too long to keep every event
    /// in memory (the soak: 12 million events are 3 GB). Default null (memory).
    /// </summary>
    public string? SentEventsDirectory { get; init; }

    /// <summary>
    /// Told of every market update with its scheduled send time (end-to-end latency harness: see
    /// <see cref="Stamping.SimulatedSendSchedule"/>); null (the default) stamps nothing.
    /// </summary>
    public Stamping.ISimulatedSendObserver? SendObserver { get; init; }

    /// <summary>Simulated exchange time of each connection's first update, Unix ns. Default 2024-01-02 03:45:00 UTC (09:15 IST, NSE open).</summary>
    public long StartTimeUnixNs { get; init; } = 1_704_167_100L * 1_000_000_000L;

    /// <summary>Simulated time between consecutive updates of a connection. Default 1 ms.</summary>
    public TimeSpan SimulatedStep { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The clock a connection's incoming-message limit is measured by (feeds whose broker has one,
    /// <see cref="ISimulatedClientMessageLimit"/>: Binance's 5 a second); tests pass one they move, so a loaded machine
    /// cannot bunch messages a client spaced. Default the system clock.
    /// </summary>
    public TimeProvider ClientMessageClock { get; init; } = TimeProvider.System;

    /// <summary>Feeds to serve; null (the default) serves every <see cref="ISimulatedFeed"/> implementation in this assembly.</summary>
    public IReadOnlyList<ISimulatedFeed>? Feeds { get; init; }

    /// <summary>
    /// Plain HTTP services beside the feeds (the brokers' REST side); null (the default) serves one
    /// <see cref="Rest.SimulatedBrokerRest"/> with its defaults.
    /// </summary>
    public IReadOnlyList<ISimulatedHttpEndpoint>? HttpEndpoints { get; init; }

    /// <summary>
    /// The brokers' historical candle APIs, served beside <see cref="HttpEndpoints"/>; null (the default) serves one with
    /// its defaults over the feeds' instruments.
    /// </summary>
    public Rest.SimulatedHistoricalCandles? HistoricalCandles { get; init; }

    /// <summary>Throws when a value cannot work; called by <see cref="SimulatorServer.StartAsync"/>.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "SimulatorOptions.Port must be 0..65535.");
        }

        if (double.IsNaN(MessagesPerSecond) || MessagesPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MessagesPerSecond), MessagesPerSecond, "SimulatorOptions.MessagesPerSecond must be 0 (unpaced) or positive.");
        }

        if (MaxMessagesPerFrame < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessagesPerFrame), MaxMessagesPerFrame, "SimulatorOptions.MaxMessagesPerFrame must be at least 1.");
        }

        if (MaxMessages < 0 || DropConnectionEveryMessages < 0 || SilentAfterMessages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessages), "SimulatorOptions message counts must not be negative.");
        }

        if (GarbageEveryMessages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(GarbageEveryMessages), GarbageEveryMessages, "SimulatorOptions.GarbageEveryMessages must be 0 (never) or positive.");
        }

        if (TruncateEveryMessages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TruncateEveryMessages), TruncateEveryMessages, "SimulatorOptions.TruncateEveryMessages must be 0 (never) or positive.");
        }

        if (FragmentBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FragmentBytes), FragmentBytes, "SimulatorOptions.FragmentBytes must be 0 (whole messages) or positive.");
        }

        if (FragmentDelay < TimeSpan.Zero || FragmentDelay > MaxFragmentDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(FragmentDelay), FragmentDelay, $"SimulatorOptions.FragmentDelay must be 0..{MaxFragmentDelay.TotalSeconds:0} s.");
        }

        if (FragmentDelay > TimeSpan.Zero && FragmentBytes == 0)
        {
            throw new ArgumentException("SimulatorOptions.FragmentDelay pauses between fragments, so it needs FragmentBytes > 0.", nameof(FragmentDelay));
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "SimulatorOptions.HeartbeatInterval must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Instruments);
        ArgumentNullException.ThrowIfNull(ClientMessageClock);
    }
}
