using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// Kotak Neo SFeed (<c>native_batch</c>) at <c>/kotak</c>: JSON auth and subscribe frames, auth response with
/// exchange dividers, binary little-endian packets batched end to end in each frame.
/// </summary>
public sealed class KotakSimulatedFeed : ISimulatedFeed
{
    private static readonly SimulatedInstrument[] s_defaults =
    [
        new(2885, 290000, Feed: FeedKind.Kotak, Symbol: "nse_cm|2885"),                                                   // RELIANCE: ₹2900.00
        new(11536, 390000, Feed: FeedKind.Kotak, Symbol: "nse_cm|11536"),                                                 // TCS: ₹3900.00
        new(42149, 2250000, Feed: FeedKind.Kotak, Symbol: "nse_fo|42149", LotSize: 25, StartOpenInterest: 5_000_000),      // NIFTY future: 22500.00
        new(1234, 832500, PriceDecimals: 4, TickSize: 25, Feed: FeedKind.Kotak, Symbol: "cde_fo|1234"),                    // USDINR: 83.2500 (divider 10^7)
        new(26000, 2200000, Feed: FeedKind.Kotak, Symbol: "nse_cm|Nifty 50", IsIndex: true),                               // NIFTY 50 index: 22000.00
    ];

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kotak;

    /// <inheritdoc />
    public string Path => "/kotak";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => s_defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new KotakSimulatedSession(context);
}
