namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// What a client's market queue holds (a <c>long</c> per slot): the position of a tick or trade message in the tick log
/// of a format, or a switch of the client onto or off its format's tick log as a firehose reader (two slots: the switch,
/// then the marked messages — trades — the log held before the switch point). The stream stage writes them in the
/// order things happened, so the sender takes queued messages and log messages in one order (README "Live stream").
/// </summary>
internal static class MarketQueueEntry
{
    private const int FormatShift = 61;
    private const long Marker = long.MinValue;
    private const long StopBit = 1L << 62;
    private const long LowMask = (1L << FormatShift) - 1;

    /// <summary>Slots one switch takes.</summary>
    public const int SwitchSlots = 2;

    /// <summary>The message at <paramref name="position"/> of the tick log of <paramref name="format"/>.</summary>
    public static long Message(StreamFormat format, long position) => ((long)format << FormatShift) | position;

    /// <summary>From message <paramref name="number"/> on, read the tick log of <paramref name="format"/> directly.</summary>
    public static long Start(StreamFormat format, long number) => Marker | ((long)format << FormatShift) | number;

    /// <summary>Stop reading the tick log before message <paramref name="number"/>; what follows comes through the queue again.</summary>
    public static long Stop(StreamFormat format, long number) => Marker | StopBit | ((long)format << FormatShift) | number;

    /// <summary>Whether <paramref name="entry"/> is a switch rather than a message.</summary>
    public static bool IsSwitch(long entry) => entry < 0;

    /// <summary>Whether the switch <paramref name="entry"/> is a stop.</summary>
    public static bool IsStop(long entry) => (entry & StopBit) != 0;

    /// <summary>The tick log <paramref name="entry"/> refers to.</summary>
    public static StreamFormat Format(long entry) => (StreamFormat)((entry >> FormatShift) & 1);

    /// <summary>The log position (a message) or the message number (a switch) of <paramref name="entry"/>.</summary>
    public static long Value(long entry) => entry & LowMask;
}
