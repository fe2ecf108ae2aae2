namespace LowLatencyFeed.Host.Api.Models;

/// <summary>The live book of one instrument as the book stage last published it.</summary>
/// <param name="Instrument">Feed:Token.</param>
/// <param name="Time">Exchange time of the last update applied.</param>
/// <param name="Seq">Journal sequence of the last update applied.</param>
/// <param name="BidLevels">Levels held on the bid side (all, not only those returned).</param>
/// <param name="AskLevels">Levels held on the ask side.</param>
/// <param name="Bids">Best first, up to <c>levels</c>.</param>
/// <param name="Asks">Best first, up to <c>levels</c>.</param>
/// <param name="BestBid">Null when the side is empty.</param>
/// <param name="BestAsk">Null when the side is empty.</param>
/// <param name="Spread">Ask − bid; null when one-sided.</param>
/// <param name="Mid">(bid + ask) / 2; null when one-sided.</param>
/// <param name="Microprice">Quantity-weighted mid at the price scale; null when one-sided.</param>
/// <param name="Imbalance">(bid qty − ask qty) / (bid qty + ask qty) over every level held.</param>
/// <param name="ReturnedImbalance">The same over the levels returned here.</param>
/// <param name="Windows">Imbalance over each configured window (levels per side, 0 = all).</param>
/// <param name="Flags">DerivedFlags: 256 crossed, 512 one-sided, 1024 stale, 2048 inconsistent update.</param>
public sealed record BookView(
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
    List<ImbalanceWindowView> Windows,
    int Flags);
