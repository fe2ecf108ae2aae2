namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// A client's subscription, immutable: the socket's receive loop replaces it whole and the stream stages read it by
/// reference, so a change never races a ring thread.
/// </summary>
/// <param name="Channels">Subscribed market channels.</param>
/// <param name="Derived">Subscribed derived channels, one bit per <see cref="DerivedStreamChannels"/> entry.</param>
/// <param name="Instruments">Instrument ids (<c>InstrumentId.Value</c>); null means every instrument.</param>
public sealed record StreamSubscription(StreamChannels Channels, ulong Derived, HashSet<long>? Instruments)
{
    /// <summary>Nothing subscribed.</summary>
    public static StreamSubscription Empty { get; } = new(StreamChannels.None, 0, []);

    /// <summary>Whether nothing is subscribed.</summary>
    public bool IsEmpty => Channels == StreamChannels.None && Derived == 0;

    /// <summary>Whether events of <paramref name="instrument"/> on <paramref name="channel"/> are wanted.</summary>
    public bool Wants(StreamChannels channel, long instrument) =>
        (Channels & channel) != 0 && (Instruments is null || Instruments.Contains(instrument));

    /// <summary>Whether events of <paramref name="instrument"/> on derived channel bit <paramref name="channel"/> are wanted.</summary>
    public bool WantsDerived(int channel, long instrument) =>
        (Derived & (1UL << channel)) != 0 && (Instruments is null || Instruments.Contains(instrument));
}
