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
        new(2885, 290000, Feed: FeedKind.Kotak, Symbol: "nse_cm|2885", Name: "RELIANCE"),                                  // RELIANCE: ₹2900.00
        new(11536, 390000, Feed: FeedKind.Kotak, Symbol: "nse_cm|11536", Name: "TCS"),                                     // TCS: ₹3900.00
        new(42149, 2250000, Feed: FeedKind.Kotak, Symbol: "nse_fo|42149", LotSize: 25, StartOpenInterest: 5_000_000,
            Name: "NIFTY26FEBFUT", Expiry: new DateOnly(2026, 2, 24)),                                                     // NIFTY future: 22500.00
        new(1234, 832500, PriceDecimals: 4, TickSize: 25, Feed: FeedKind.Kotak, Symbol: "cde_fo|1234",
            Name: "USDINR26FEBFUT", Expiry: new DateOnly(2026, 2, 24)),                                                    // USDINR: 83.2500 (divider 10^7)
        new(26000, 2200000, Feed: FeedKind.Kotak, Symbol: "nse_cm|Nifty 50", IsIndex: true, Name: "Nifty 50"),             // NIFTY 50 index: 22000.00
    ];

    /// <summary>
    /// The instruments streamed when the options name none, by both Kotak endpoints (SFeed and HSM), and the rows of the
    /// simulated Kotak scrip master.
    /// </summary>
    internal static IReadOnlyList<SimulatedInstrument> Defaults => s_defaults;

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kotak;

    /// <inheritdoc />
    public string Path => "/kotak";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => s_defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new KotakSimulatedSession(context);
}
