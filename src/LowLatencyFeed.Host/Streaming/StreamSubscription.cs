namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// A client's subscription, immutable: the socket's receive loop replaces it whole and the stream stage reads it by
/// reference, so a change never races the ring thread.
/// </summary>
/// <param name="Channels">Subscribed channels.</param>
/// <param name="Instruments">Instrument ids (<c>InstrumentId.Value</c>); null means every instrument.</param>
public sealed record StreamSubscription(StreamChannels Channels, HashSet<long>? Instruments)
{
    /// <summary>Nothing subscribed.</summary>
    public static StreamSubscription Empty { get; } = new(StreamChannels.None, []);

    /// <summary>Whether events of <paramref name="instrument"/> on <paramref name="channel"/> are wanted.</summary>
    public bool Wants(StreamChannels channel, long instrument) =>
        (Channels & channel) != 0 && (Instruments is null || Instruments.Contains(instrument));
}
