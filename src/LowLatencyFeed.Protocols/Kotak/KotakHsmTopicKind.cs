namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>What an HSM topic streams; selected by the prefix of its name (<c>sf|</c>, <c>if|</c>, <c>dp|</c>).</summary>
public enum KotakHsmTopicKind : byte
{
    /// <summary>No topic (an empty cache slot).</summary>
    None = 0,

    /// <summary><c>sf</c>: scrip quote feed (LTP, volume, OHLC, best bid/ask, OI) → Tick and Quote events.</summary>
    Scrip = 1,

    /// <summary><c>if</c>: index feed (value, OHLC) → Tick events flagged as index.</summary>
    Index = 2,

    /// <summary><c>dp</c>: five-level depth → Depth snapshot events.</summary>
    Depth = 3,
}
