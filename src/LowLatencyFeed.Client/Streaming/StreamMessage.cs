using System.Text.Json;
using System.Text.Json.Serialization;

namespace LowLatencyFeed.Client.Streaming;

/// <summary>
/// One message of <c>/api/stream</c>, live or replayed (the same shapes). <see cref="Type"/> selects the subclass:
/// <c>tick</c>/<c>trade</c> <see cref="TickMessage"/>, <c>quote</c>, <c>depth</c>, <c>bar</c>, <c>book_metrics</c>,
/// <c>signal</c>, <c>indicator</c>, <c>status</c>, <c>gap</c>, <c>end</c>, <c>error</c>, <c>subscribed</c>/<c>unsubscribed</c>,
/// <c>heartbeat</c>.
/// </summary>
public abstract record StreamMessage
{
    /// <summary>Message type.</summary>
    public string Type { get; init; } = "";

    /// <summary>Instrument (<c>Feed:Token</c>) of market and derived messages.</summary>
    public string? Instrument { get; init; }

    /// <summary>Event time (a bar's start).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Journal sequence of the event (for derived messages, of the event that produced them).</summary>
    public long Seq { get; init; }
}

/// <summary>A ticker snapshot (<c>tick</c>) or a trade (<c>trade</c>).</summary>
public sealed record TickMessage : StreamMessage
{
    /// <summary>Last (trade) price.</summary>
    public decimal? Price { get; init; }

    /// <summary>Last (trade) quantity.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Cumulative day volume (ticks).</summary>
    public decimal? Volume { get; init; }

    /// <summary>Trade id (trades).</summary>
    public long? TradeId { get; init; }
}

/// <summary>Best bid and offer (conflated live).</summary>
public sealed record QuoteMessage : StreamMessage
{
    /// <summary>Bid price.</summary>
    public decimal Bid { get; init; }

    /// <summary>Bid quantity.</summary>
    public decimal BidQuantity { get; init; }

    /// <summary>Ask price.</summary>
    public decimal Ask { get; init; }

    /// <summary>Ask quantity.</summary>
    public decimal AskQuantity { get; init; }
}

/// <summary>The book's best levels as <c>[price, quantity]</c> (conflated live).</summary>
public sealed record DepthMessage : StreamMessage
{
    /// <summary>Bids, best first.</summary>
    public decimal[][] Bids { get; init; } = [];

    /// <summary>Asks, best first.</summary>
    public decimal[][] Asks { get; init; } = [];
}

/// <summary>A closed bar (<c>bars:&lt;tf&gt;</c> channels).</summary>
public sealed record BarMessage : StreamMessage
{
    /// <summary>The channel (<c>bars:1m</c>).</summary>
    public string Channel { get; init; } = "";

    /// <summary>Bar length.</summary>
    public int TimeframeSeconds { get; init; }

    /// <summary>Open.</summary>
    public decimal Open { get; init; }

    /// <summary>High.</summary>
    public decimal High { get; init; }

    /// <summary>Low.</summary>
    public decimal Low { get; init; }

    /// <summary>Close.</summary>
    public decimal Close { get; init; }

    /// <summary>Volume.</summary>
    public decimal Volume { get; init; }

    /// <summary>Exact Σ price × quantity.</summary>
    public decimal Turnover { get; init; }

    /// <summary>VWAP; null without volume.</summary>
    public decimal? Vwap { get; init; }

    /// <summary>Ticks that added volume.</summary>
    public long TradeCount { get; init; }

    /// <summary>Bar flags (gap-affected, flat, revised, partial, ...).</summary>
    public int Flags { get; init; }
}

/// <summary>A book metrics sample.</summary>
public sealed record BookMetricsMessage : StreamMessage
{
    /// <summary>Best bid; null without bids.</summary>
    public decimal? BestBid { get; init; }

    /// <summary>Best ask; null without asks.</summary>
    public decimal? BestAsk { get; init; }

    /// <summary>Quantity at the best bid.</summary>
    public decimal? BestBidQuantity { get; init; }

    /// <summary>Quantity at the best ask.</summary>
    public decimal? BestAskQuantity { get; init; }

    /// <summary>Spread; null when one-sided.</summary>
    public decimal? Spread { get; init; }

    /// <summary>Mid; null when one-sided.</summary>
    public decimal? Mid { get; init; }

    /// <summary>Microprice; null when one-sided.</summary>
    public decimal? Microprice { get; init; }

    /// <summary>Bid quantity over the whole book.</summary>
    public decimal BidQuantity { get; init; }

    /// <summary>Ask quantity over the whole book.</summary>
    public decimal AskQuantity { get; init; }

    /// <summary>Bid levels.</summary>
    public int BidLevels { get; init; }

    /// <summary>Ask levels.</summary>
    public int AskLevels { get; init; }

    /// <summary>Whole-book imbalance.</summary>
    public double Imbalance { get; init; }

    /// <summary>First configured window's depth.</summary>
    public int? WindowDepth { get; init; }

    /// <summary>First configured window's imbalance.</summary>
    public double? WindowImbalance { get; init; }

    /// <summary>Every configured window.</summary>
    public List<Models.BookWindow> Windows { get; init; } = [];

    /// <summary>Book flags (crossed, one-sided, stale, inconsistent).</summary>
    public int Flags { get; init; }
}

/// <summary>A depth signal transition.</summary>
public sealed record SignalMessage : StreamMessage
{
    /// <summary>Window depth watched.</summary>
    public int WindowDepth { get; init; }

    /// <summary>New side: 1 buy, -1 sell, 0 flat.</summary>
    public int Side { get; init; }

    /// <summary>Previous side.</summary>
    public int PreviousSide { get; init; }

    /// <summary>Imbalance at the transition.</summary>
    public double Imbalance { get; init; }

    /// <summary>Entry threshold.</summary>
    public double Threshold { get; init; }

    /// <summary>Window bid quantity.</summary>
    public decimal BidQuantity { get; init; }

    /// <summary>Window ask quantity.</summary>
    public decimal AskQuantity { get; init; }

    /// <summary>Best bid.</summary>
    public decimal? BestBid { get; init; }

    /// <summary>Best ask.</summary>
    public decimal? BestAsk { get; init; }

    /// <summary>Since when the condition held.</summary>
    public DateTimeOffset ConditionSince { get; init; }

    /// <summary>Flags.</summary>
    public int Flags { get; init; }
}

/// <summary>
/// One configured indicator's value as its bar closes (channel <c>indicators</c>; the columns of
/// <c>llfeed.indicators</c>). <see cref="StreamMessage.Time"/> is the bar's start, <see cref="StreamMessage.Seq"/> the
/// event that closed it.
/// </summary>
public sealed record IndicatorMessage : StreamMessage
{
    /// <summary>The channel (<c>indicators</c>).</summary>
    public string Channel { get; init; } = "";

    /// <summary>Bar length.</summary>
    public int TimeframeSeconds { get; init; }

    /// <summary>The indicator's label with its parameters (<c>rsi(14)</c>, <c>macd(12,26,9)</c>).</summary>
    [JsonPropertyName("indicator")]
    public string Label { get; init; } = "";

    /// <summary>First output (MACD line, Bollinger middle, %K …).</summary>
    public double Value { get; init; }

    /// <summary>Second output when the indicator has one (MACD signal, Bollinger upper, %D …), else null.</summary>
    public double? Value2 { get; init; }

    /// <summary>Third output when the indicator has one (MACD histogram, Bollinger lower …), else null.</summary>
    public double? Value3 { get; init; }

    /// <summary>Exact decimal value (SMA, WMA, OBV, VWAP), else null.</summary>
    public decimal? ExactValue { get; init; }

    /// <summary>The bar's flags.</summary>
    public int Flags { get; init; }
}

/// <summary>
/// The host's state about once a second (channel <c>status</c>, live only; not per instrument, so
/// <see cref="StreamMessage.Instrument"/> is null and <see cref="StreamMessage.Seq"/> 0).
/// </summary>
public sealed record StatusMessage : StreamMessage
{
    /// <summary>What <c>GET /api/status</c> returns.</summary>
    public Models.HostStatus? Status { get; init; }

    /// <summary>What <c>GET /api/feeds</c> returns.</summary>
    public List<Models.Feed> Feeds { get; init; } = [];

    /// <summary>Database rows committed per second per table since the previous status message (0 in the first).</summary>
    public Dictionary<string, double> TableRowsPerSecond { get; init; } = [];
}

/// <summary>Messages this client missed because it was behind.</summary>
public sealed record GapMessage : StreamMessage
{
    /// <summary><c>market</c> (ticks, trades) or <c>derived</c> (bars, book metrics, signals).</summary>
    public string Queue { get; init; } = "";

    /// <summary>Dropped since the last gap message.</summary>
    public long Dropped { get; init; }

    /// <summary>Dropped on this connection in all.</summary>
    public long DroppedTotal { get; init; }
}

/// <summary>The end of a replay, with counts.</summary>
public sealed record EndMessage : StreamMessage
{
    /// <summary>Journal events read.</summary>
    public long Events { get; init; }

    /// <summary>Messages sent per type or channel.</summary>
    public Dictionary<string, long> Messages { get; init; } = [];

    /// <summary>Messages sent in all.</summary>
    public long Total { get; init; }

    /// <summary>Last journal sequence read.</summary>
    public long LastSeq { get; init; }

    /// <summary>Damaged journal blocks skipped.</summary>
    public long JournalIssues { get; init; }

    /// <summary>Whether the replay was cancelled.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Replay duration.</summary>
    public long ElapsedMs { get; init; }
}

/// <summary>A refused request; the connection stays up.</summary>
public sealed record ErrorMessage : StreamMessage
{
    /// <summary>What was wrong.</summary>
    public string Message { get; init; } = "";
}

/// <summary>Acknowledges a subscribe or unsubscribe with the subscription now in force.</summary>
public sealed record SubscriptionMessage : StreamMessage
{
    /// <summary>Market channels as flags (1 ticks, 2 trades, 4 quotes, 8 depth).</summary>
    public int Channels { get; init; }

    /// <summary>Derived channels.</summary>
    public List<string> Derived { get; init; } = [];

    /// <summary><c>"*"</c> or the number of instruments.</summary>
    public JsonElement Instruments { get; init; }

    /// <summary>Levels per side in this connection's depth messages.</summary>
    public int DepthLevels { get; init; }

    /// <summary>The connection's data message form: <c>json</c> or <c>binary</c>.</summary>
    public string Format { get; init; } = "json";
}

/// <summary>Sent after a quiet interval.</summary>
public sealed record HeartbeatMessage : StreamMessage;

/// <summary>A message type this client does not know (a newer server).</summary>
public sealed record UnknownMessage : StreamMessage
{
    /// <summary>The whole message.</summary>
    public JsonElement Json { get; init; }
}
