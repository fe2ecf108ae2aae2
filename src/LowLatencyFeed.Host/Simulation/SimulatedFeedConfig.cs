using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Host.Simulation;

/// <summary>
/// The feed configuration that subscribes a protocol's simulated instruments: which simulator endpoint speaks each
/// configured protocol, in which mode, with the credentials the simulator accepts. Used by the fuzzer and the soak.
/// </summary>
public static class SimulatedFeedConfig
{
    /// <summary>Every protocol the engine decodes (the <c>Feeds[]:Protocol</c> values).</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["kite", "dhan", "dhan-depth20", "dhan-depth200", "kotak", "kotak-hsm", "binance"];

    /// <summary>The simulator endpoint of <paramref name="protocol"/>.</summary>
    public static string PathOf(string protocol) => protocol switch
    {
        "kite" => "/kite",
        "dhan" => "/dhan",
        "dhan-depth20" => "/dhan/depth20",
        "dhan-depth200" => "/dhan/depth200",
        "kotak" => "/kotak",
        "kotak-hsm" => "/kotak/hsm",
        "binance" => "/binance/stream",
        _ => throw new ArgumentException($"'{protocol}' is not one of: {string.Join(", ", Protocols)}", nameof(protocol)),
    };

    /// <summary>The richest mode the endpoint streams (depth feeds: their depth mode).</summary>
    public static SubscriptionMode ModeOf(string protocol) => protocol switch
    {
        "dhan-depth20" => SubscriptionMode.Depth20,
        "dhan-depth200" => SubscriptionMode.Depth200,
        _ => SubscriptionMode.Full,
    };

    /// <summary>
    /// A feed named <paramref name="protocol"/> subscribing up to <paramref name="maxInstruments"/> of
    /// <paramref name="instruments"/> on <paramref name="url"/> (REST snapshots from <paramref name="restUrl"/>).
    /// </summary>
    public static FeedOptions For(string protocol, IReadOnlyList<SimulatedInstrument> instruments, string url, string restUrl, int maxInstruments)
    {
        var options = new FeedOptions
        {
            Name = protocol,
            Protocol = protocol,
            Url = url,
            RestUrl = restUrl,
            User = "simulated-user",
            SessionToken = "simulated-session",
            AccessToken = "simulated-access",
            StaleTimeoutSeconds = 30,
        };
        SubscriptionMode mode = ModeOf(protocol);
        foreach (SimulatedInstrument instrument in instruments.Take(maxInstruments))
        {
            options.Instruments.Add(new InstrumentOptions
            {
                Token = instrument.Token,
                Symbol = instrument.Symbol,
                Segment = instrument.Segment,
                Mode = mode,
                PriceDecimals = instrument.PriceDecimals,
                QuantityDecimals = instrument.QuantityDecimals,
            });
        }

        return options;
    }

    /// <summary>Instruments per feed the simulator serves at once: Dhan's 200-level depth takes one per connection.</summary>
    public static int MaxInstruments(string protocol) => protocol == "dhan-depth200" ? 1 : 10;
}
