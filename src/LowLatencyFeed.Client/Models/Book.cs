namespace LowLatencyFeed.Client.Models;

/// <summary>The live book (<c>GET /api/books/{instrument}</c>).</summary>
public sealed record Book(
    string Instrument,
    DateTimeOffset Time,
    long Seq,
    int BidLevels,
    int AskLevels,
    List<BookLevel> Bids,
    List<BookLevel> Asks,
    decimal? BestBid,
    decimal? BestAsk,
    decimal? Spread,
    decimal? Mid,
    decimal? Microprice,
    double Imbalance,
    double ReturnedImbalance,
    List<BookWindow> Windows,
    int Flags);

/// <summary>One price level.</summary>
public sealed record BookLevel(decimal Price, decimal Quantity, int Orders);

/// <summary>Quantities and imbalance over the best <see cref="Depth"/> levels per side (0 = all).</summary>
public sealed record BookWindow(int Depth, decimal BidQuantity, decimal AskQuantity, double Imbalance);
