namespace LowLatencyFeed.Host.Streaming;

/// <summary>Limits of the live stream (<c>Api:Stream</c>).</summary>
public sealed class StreamOptions
{
    /// <summary>
    /// Ticks and trades queued per client before they are dropped (rounded up to a power of two), for clients that list
    /// instruments; a client taking every instrument reads the tick log instead and is bounded by <see cref="MessageLogBytes"/>.
    /// </summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Instruments whose quotes and depth can be conflated (slots per client).</summary>
    public int MaxInstruments { get; set; } = 4096;

    /// <summary>A client dropping events for longer than this is disconnected with a reason.</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Kernel send buffer per stream connection in bytes; 0 (default) leaves the OS autotuning (up to 4 MiB on Linux). A
    /// bound caps kernel memory per client and how much a client that stopped reading can absorb before it counts as behind.
    /// </summary>
    public int SocketSendBufferBytes { get; set; }

    /// <summary>A heartbeat is sent after this long without another message.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the <c>status</c> channel's message is built and sent (to clients subscribed to it).</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Bytes of each of the stream stages' message logs — ticks and trades in JSON, the same in binary, quotes, derived
    /// messages — where every message is formatted once for all clients; a client whose next message the log has come
    /// round over counts it as dropped. A client taking ticks or trades of every instrument reads its format's tick log
    /// directly, so this is how far behind it may fall: 16 MiB holds about 1.3 s of 100,000 JSON ticks/s (about 130
    /// bytes each) and 1.7 s of binary ones (100 bytes). Each tick log adds an index of a quarter of its size.
    /// </summary>
    public int MessageLogBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Depth levels per side in a <c>depth</c> message unless the subscription asks for <c>depthLevels</c>.</summary>
    public int DepthLevels { get; set; } = 10;
}
