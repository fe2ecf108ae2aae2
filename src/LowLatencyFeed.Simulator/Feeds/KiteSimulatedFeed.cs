using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>Zerodha Kite Connect v3 ticker at <c>/kite</c> (binary packets by mode, JSON requests, 1-byte heartbeats).</summary>
public sealed class KiteSimulatedFeed : ISimulatedFeed
{
    private static readonly SimulatedInstrument[] s_defaults =
    [
        new(408065, 157370, Name: "INFY"),                                         // INFY, NSE (segment 1): ₹1573.70
        new(884737, 50000, Name: "TATAMOTORS"),                                    // NSE equity: ₹500.00
        new(738561, 290000, Name: "RELIANCE"),                                     // RELIANCE, NSE: ₹2900.00
        new(13368834, 2250000, StartOpenInterest: 5_000_000, LotSize: 25, Name: "NIFTY26FEBFUT", Expiry: new DateOnly(2026, 2, 24)), // NFO future (segment 2) with open interest
        new(412675, 831234567, PriceDecimals: 7, TickSize: 2500, Name: "USDINR26FEBFUT", Expiry: new DateOnly(2026, 2, 24)),        // CDS USDINR (segment 3, divisor 10^7): 83.1234567
        new(256265, 2200000, TickSize: 5, IsIndex: true, Name: "NIFTY 50"),        // NIFTY 50 (segment 9): 22000.00
    ];

    /// <summary>The instruments streamed when the options name none (also the rows of the simulated Kite master).</summary>
    internal static IReadOnlyList<SimulatedInstrument> Defaults => s_defaults;

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Kite;

    /// <inheritdoc />
    public string Path => "/kite";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => s_defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new KiteSimulatedSession(context);
}
