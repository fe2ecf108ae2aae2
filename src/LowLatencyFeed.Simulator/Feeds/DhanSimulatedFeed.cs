using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// DhanHQ v2 live market feed at <c>/dhan</c>: JSON subscribe requests (codes 15/17/21), binary little-endian packets
/// with float32 prices — ticker, quote (+ OI), full, index, and previous close once per subscription.
/// </summary>
public sealed class DhanSimulatedFeed : ISimulatedFeed
{
    internal static readonly SimulatedInstrument[] Defaults =
    [
        new(1333, 161225, Feed: FeedKind.Dhan, Segment: "NSE_EQ", Name: "HDFCBANK"),                                              // HDFCBANK: ₹1612.25
        new(11536, 390000, Feed: FeedKind.Dhan, Segment: "NSE_EQ", Name: "TCS"),                                                  // TCS: ₹3900.00
        new(42661, 2250000, Feed: FeedKind.Dhan, Segment: "NSE_FNO", LotSize: 25, StartOpenInterest: 5_000_000, Name: "NIFTY-Feb2026-FUT", Expiry: new DateOnly(2026, 2, 24)), // NIFTY future: 22500.00
        new(10093, 832500, PriceDecimals: 4, TickSize: 25, Feed: FeedKind.Dhan, Segment: "NSE_CURRENCY", Name: "USDINR-Jan2026-FUT", Expiry: new DateOnly(2026, 1, 27)),       // USDINR: 83.2500
        new(13, 2200000, Feed: FeedKind.Dhan, Segment: "IDX_I", IsIndex: true, Name: "Nifty 50"),                                  // NIFTY 50 index: 22000.00
    ];

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Dhan;

    /// <inheritdoc />
    public string Path => "/dhan";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => Defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new DhanSimulatedSession(context);
}
