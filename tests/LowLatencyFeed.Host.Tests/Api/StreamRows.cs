using LowLatencyFeed.Client.Streaming;
using static LowLatencyFeed.Storage.Verification.DatabaseRows;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// Stream messages as the canonical row text of <c>DatabaseVerifier</c> (same columns, same order), so what the stream
/// sent compares as strings with what replaying the journal (or the database) gives.
/// </summary>
internal static class StreamRows
{
    public static long Micros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    public static string Bar(BarMessage m, long instrumentId) => Row(
        m.Seq, Micros(m.Time), instrumentId, m.TimeframeSeconds, m.Open, m.High, m.Low, m.Close, m.Volume, m.Turnover, m.Vwap, m.TradeCount, m.Flags);

    public static string Metrics(BookMetricsMessage m, long instrumentId) => Row(
        m.Seq, Micros(m.Time), instrumentId, m.BestBid, m.BestAsk, m.BestBidQuantity, m.BestAskQuantity, m.Spread, m.Mid, m.Microprice,
        m.BidQuantity, m.AskQuantity, m.BidLevels, m.AskLevels, m.Imbalance, m.WindowDepth, m.WindowImbalance, m.Flags);

    public static string Signal(SignalMessage m, long instrumentId) => Row(
        m.Seq, Micros(m.Time), instrumentId, m.WindowDepth, m.Side, m.PreviousSide, m.Imbalance, m.Threshold, m.BidQuantity, m.AskQuantity,
        m.BestBid, m.BestAsk, Micros(m.ConditionSince), m.Flags);

    /// <summary>The derived rows of <paramref name="messages"/> per table name (bars, book_metrics, signals), in arrival order.</summary>
    public static Dictionary<string, List<string>> Derived(IEnumerable<StreamMessage> messages, IReadOnlyDictionary<string, long> instrumentIds)
    {
        var rows = new Dictionary<string, List<string>> { ["bars"] = [], ["book_metrics"] = [], ["signals"] = [] };
        foreach (StreamMessage message in messages)
        {
            switch (message)
            {
                case BarMessage bar:
                    rows["bars"].Add(Bar(bar, instrumentIds[bar.Instrument!]));
                    break;
                case BookMetricsMessage metrics:
                    rows["book_metrics"].Add(Metrics(metrics, instrumentIds[metrics.Instrument!]));
                    break;
                case SignalMessage signal:
                    rows["signals"].Add(Signal(signal, instrumentIds[signal.Instrument!]));
                    break;
            }
        }

        return rows;
    }
}
