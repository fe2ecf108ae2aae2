namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Offsets, field ids and limits of the legacy HSM feed (Kotak/README.md §3–§5; big-endian). Field ids index the SNAP/UPDATE
/// value arrays of each topic kind; the ids a table does not name are read and ignored.
/// </summary>
public static class KotakHsmLayout
{
    /// <summary>Every frame starts with uint16 length (of the rest of the frame) and a uint8 message type.</summary>
    public const int HeaderLength = 3;

    /// <summary>uint8 message type, after the uint16 length.</summary>
    public const int Type = 2;

    /// <summary>uint8 field count of requests and control responses.</summary>
    public const int FieldCount = 3;

    /// <summary>int32 message number of a data frame (only when the connect response gave an ACK interval).</summary>
    public const int MessageNumber = 3;

    /// <summary>SNAP record kind ('S'): a full image of a topic.</summary>
    public const byte SnapRecord = (byte)'S';

    /// <summary>UPDATE record kind ('U'): only the fields that changed; the others carry <see cref="NoValue"/>.</summary>
    public const byte UpdateRecord = (byte)'U';

    /// <summary>0x80000000: no value / unchanged.</summary>
    public const int NoValue = int.MinValue;

    /// <summary>Status byte of an accepted request.</summary>
    public const byte StatusOk = (byte)'K';

    /// <summary>Status byte of a rejected request.</summary>
    public const byte StatusNotOk = (byte)'N';

    /// <summary>Source field of the connect request.</summary>
    public const string Source = "JS_API";

    /// <summary>Most numeric fields any table defines (depth: ids 0..33); the per-topic cache width.</summary>
    public const int MaxFields = 34;

    // Limits the SDK enforces (Kotak/README.md §3).

    /// <summary>Most scrips per subscribe/unsubscribe request.</summary>
    public const int MaxScripsPerRequest = 100;

    /// <summary>First channel for live subscriptions (channel 1 is for one-shot snapshots).</summary>
    public const int FirstChannel = 2;

    /// <summary>Last channel.</summary>
    public const int LastChannel = 16;

    /// <summary>Most tokens per channel.</summary>
    public const int MaxTokensPerChannel = 200;

    /// <summary>Most tokens per connection (15 channels × 200).</summary>
    public const int MaxTokens = 3000;

    // Scrip ("sf") fields.

    /// <summary>Number of scrip field ids (0..27; 25..27 are computed by the SDK and ignored here).</summary>
    public const int ScripFieldCount = 28;

    /// <summary>date: exchange feed time.</summary>
    public const int ScripFeedTime = 2;

    /// <summary>date: last traded time.</summary>
    public const int ScripLastTradeTime = 3;

    /// <summary>long: volume.</summary>
    public const int ScripVolume = 4;

    /// <summary>float: last traded price.</summary>
    public const int ScripLastPrice = 5;

    /// <summary>long: last traded quantity.</summary>
    public const int ScripLastQuantity = 6;

    /// <summary>long: total buy quantity.</summary>
    public const int ScripTotalBuyQuantity = 7;

    /// <summary>long: total sell quantity.</summary>
    public const int ScripTotalSellQuantity = 8;

    /// <summary>float: best bid price.</summary>
    public const int ScripBidPrice = 9;

    /// <summary>float: best ask price.</summary>
    public const int ScripAskPrice = 10;

    /// <summary>long: best bid quantity.</summary>
    public const int ScripBidQuantity = 11;

    /// <summary>long: best ask quantity.</summary>
    public const int ScripAskQuantity = 12;

    /// <summary>float: average traded price.</summary>
    public const int ScripAveragePrice = 13;

    /// <summary>float: day low.</summary>
    public const int ScripLow = 14;

    /// <summary>float: day high.</summary>
    public const int ScripHigh = 15;

    /// <summary>float: lower circuit (not mapped).</summary>
    public const int ScripLowerCircuit = 16;

    /// <summary>float: upper circuit (not mapped).</summary>
    public const int ScripUpperCircuit = 17;

    /// <summary>float: 52-week high (not mapped).</summary>
    public const int ScripYearHigh = 18;

    /// <summary>float: 52-week low (not mapped).</summary>
    public const int ScripYearLow = 19;

    /// <summary>float: day open.</summary>
    public const int ScripOpen = 20;

    /// <summary>float: previous close.</summary>
    public const int ScripClose = 21;

    /// <summary>long: open interest.</summary>
    public const int ScripOpenInterest = 22;

    /// <summary>long: price multiplier.</summary>
    public const int ScripMultiplier = 23;

    /// <summary>long: price precision (decimals).</summary>
    public const int ScripPrecision = 24;

    // Index ("if") fields.

    /// <summary>Number of index field ids (0..11; 10 and 11 are computed by the SDK).</summary>
    public const int IndexFieldCount = 12;

    /// <summary>float: index value.</summary>
    public const int IndexValue = 2;

    /// <summary>float: previous close.</summary>
    public const int IndexClose = 3;

    /// <summary>date: exchange feed time.</summary>
    public const int IndexFeedTime = 4;

    /// <summary>float: day high.</summary>
    public const int IndexHigh = 5;

    /// <summary>float: day low.</summary>
    public const int IndexLow = 6;

    /// <summary>float: day open.</summary>
    public const int IndexOpen = 7;

    /// <summary>long: price multiplier.</summary>
    public const int IndexMultiplier = 8;

    /// <summary>long: price precision.</summary>
    public const int IndexPrecision = 9;

    // Depth ("dp") fields: five levels per side, best first.

    /// <summary>Number of depth field ids (0..33).</summary>
    public const int DepthFieldCount = 34;

    /// <summary>Levels per side.</summary>
    public const int DepthLevels = 5;

    /// <summary>float: first of five bid prices.</summary>
    public const int DepthBidPrice = 2;

    /// <summary>float: first of five ask prices.</summary>
    public const int DepthAskPrice = 7;

    /// <summary>long: first of five bid quantities.</summary>
    public const int DepthBidQuantity = 12;

    /// <summary>long: first of five ask quantities.</summary>
    public const int DepthAskQuantity = 17;

    /// <summary>long: first of five bid order counts.</summary>
    public const int DepthBidOrders = 22;

    /// <summary>long: first of five ask order counts.</summary>
    public const int DepthAskOrders = 27;

    /// <summary>long: price multiplier.</summary>
    public const int DepthMultiplier = 32;

    /// <summary>long: price precision.</summary>
    public const int DepthPrecision = 33;

    // String fields of a SNAP (not used by the decoder).

    /// <summary>Topic kind name ("sf").</summary>
    public const int StringName = 51;

    /// <summary>Instrument token.</summary>
    public const int StringToken = 52;

    /// <summary>Exchange segment.</summary>
    public const int StringExchange = 53;

    /// <summary>Trading symbol.</summary>
    public const int StringTradingSymbol = 54;

    // The SDK's status codes for failed requests, used as the reason of a ServerDisconnect control event.

    /// <summary>Connect failed.</summary>
    public const int ConnectFailedCode = 11001;

    /// <summary>Subscribe failed.</summary>
    public const int SubscribeFailedCode = 11011;

    /// <summary>Unsubscribe failed.</summary>
    public const int UnsubscribeFailedCode = 11012;

    /// <summary>Snapshot failed.</summary>
    public const int SnapshotFailedCode = 11013;

    /// <summary>Channel pause failed.</summary>
    public const int ChannelPauseFailedCode = 11031;

    /// <summary>Channel resume failed.</summary>
    public const int ChannelResumeFailedCode = 11032;
}
