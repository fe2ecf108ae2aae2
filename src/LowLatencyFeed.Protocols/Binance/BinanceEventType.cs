namespace LowLatencyFeed.Protocols.Binance;

/// <summary>What a Binance payload is, from its <c>e</c> field or, when it has none, its shape.</summary>
internal enum BinanceEventType : byte
{
    /// <summary>No <c>e</c> field (bookTicker, partial depth, control responses).</summary>
    None = 0,

    /// <summary><c>trade</c>.</summary>
    Trade,

    /// <summary><c>aggTrade</c>.</summary>
    AggTrade,

    /// <summary><c>depthUpdate</c>.</summary>
    DepthUpdate,

    /// <summary><c>bookTicker</c> (futures style; spot has no <c>e</c>).</summary>
    BookTicker,

    /// <summary><c>serverShutdown</c>.</summary>
    ServerShutdown,

    /// <summary>An event type we do not decode (kline, 24hrTicker…).</summary>
    Unknown,

    /// <summary>No <c>e</c>, but <c>lastUpdateId</c>/<c>bids</c>/<c>asks</c>: a partial book depth payload.</summary>
    PartialDepth,
}
