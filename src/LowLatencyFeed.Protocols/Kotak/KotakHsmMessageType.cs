namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>The HSM message type byte (offset 2), shared by client requests and server responses (Kotak/README.md §3, §4).</summary>
public enum KotakHsmMessageType : byte
{
    /// <summary>Connect request (token mode) / connect response.</summary>
    Connect = 1,

    /// <summary>Throttling interval request / response.</summary>
    Throttling = 2,

    /// <summary>Acknowledgement of data frames (client) / its response.</summary>
    Ack = 3,

    /// <summary>Subscribe request / status response.</summary>
    Subscribe = 4,

    /// <summary>Unsubscribe request / status response.</summary>
    Unsubscribe = 5,

    /// <summary>Market data frame (server only).</summary>
    Data = 6,

    /// <summary>Channel pause request / status response.</summary>
    ChannelPause = 7,

    /// <summary>Channel resume request / status response.</summary>
    ChannelResume = 8,

    /// <summary>One-shot snapshot request / status response.</summary>
    Snapshot = 9,

    /// <summary>Option-chain subscribe request / response.</summary>
    OptionChain = 10,
}
