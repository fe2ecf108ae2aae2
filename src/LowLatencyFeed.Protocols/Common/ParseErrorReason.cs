namespace LowLatencyFeed.Protocols.Common;

/// <summary>Why a part of a message was rejected. Each reason has its own counter and is logged once.</summary>
public enum ParseErrorReason
{
    /// <summary>The message ends inside a header or packet.</summary>
    Truncated = 0,

    /// <summary>A length or count field disagrees with the bytes present.</summary>
    BadLengthPrefix,

    /// <summary>A packet length that the protocol does not define (skipped by its length prefix).</summary>
    UnknownPacketLength,

    /// <summary>A response/message code the protocol does not define.</summary>
    UnknownMessageCode,

    /// <summary>Bytes that cannot be a message of this protocol at all.</summary>
    Garbage,

    /// <summary>Text that is not valid JSON, or JSON of an unexpected shape.</summary>
    BadJson,

    /// <summary>A number that does not parse or does not fit the fixed-point scale.</summary>
    BadNumber,

    /// <summary>An instrument/symbol that no subscription maps to an engine instrument.</summary>
    UnknownInstrument,

    /// <summary>A field value outside its valid range (negative quantity, zero length, too many levels).</summary>
    InvalidValue,

    /// <summary>A message that is valid but out of order for the protocol's state machine (e.g. Binance update-id gap).</summary>
    Sequencing,
}
