namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Per-connection settings of the Dhan decoders (main feed and depth feeds).</summary>
public sealed class DhanFeedOptions
{
    /// <summary>Stamped into <c>EventHeader.SessionId</c> of every event.</summary>
    public ushort SessionId { get; init; }

    /// <summary>
    /// Publish packets of instruments no subscription names, as <c>InstrumentId.From(Dhan, securityId)</c> with
    /// <see cref="DefaultPriceDecimals"/> (the decode tool does). When false they are counted as UnknownInstrument and skipped.
    /// </summary>
    public bool PublishUnknownInstruments { get; init; }

    /// <summary>Price decimals for instruments without a subscription (2: rupees and paise).</summary>
    public byte DefaultPriceDecimals { get; init; } = 2;

    /// <summary>
    /// Added to every wire epoch-seconds time. 0 trusts the docs (UTC epoch); -19800 corrects feeds that send IST
    /// wall-clock seconds, as some community projects report (Dhan/README.md §8; unconfirmed).
    /// </summary>
    public int TimeOffsetSeconds { get; init; }
}
