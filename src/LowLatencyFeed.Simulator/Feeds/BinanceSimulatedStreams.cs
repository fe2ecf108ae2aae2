namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>What one simulated Binance connection streams for one symbol, and its position in the symbol's diffs.</summary>
internal sealed class BinanceSimulatedStreams
{
    public BinanceSimulatedStreams(SimulatedInstrument instrument, long cursor)
    {
        Instrument = instrument;
        Cursor = cursor;
    }

    public SimulatedInstrument Instrument { get; }

    public bool Trade { get; set; }

    public bool AggregateTrade { get; set; }

    public bool BookTicker { get; set; }

    /// <summary>Diff depth (<c>@depth</c>, <c>@depth@100ms</c>).</summary>
    public bool Diff { get; set; }

    /// <summary>Partial depth levels (5, 10, 20), 0 when not subscribed.</summary>
    public int PartialLevels { get; set; }

    /// <summary>Next diff index of the symbol this connection will be sent.</summary>
    public long Cursor;

    public long NextTradeId { get; set; } = 1;

    public long LastTradePrice { get; set; }

    public bool Any => Trade || AggregateTrade || BookTicker || Diff || PartialLevels > 0;

    /// <summary>The stream names subscribed, for LIST_SUBSCRIPTIONS.</summary>
    public IEnumerable<string> Names()
    {
        string symbol = Instrument.Symbol.ToLowerInvariant();
        if (Trade)
        {
            yield return symbol + "@trade";
        }

        if (AggregateTrade)
        {
            yield return symbol + "@aggTrade";
        }

        if (BookTicker)
        {
            yield return symbol + "@bookTicker";
        }

        if (Diff)
        {
            yield return symbol + "@depth@100ms";
        }

        if (PartialLevels > 0)
        {
            yield return symbol + "@depth" + PartialLevels + "@100ms";
        }
    }
}
