using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// Binance spot at <c>/binance/stream</c>: combined streams (<c>?streams=a/b</c> or SUBSCRIBE requests) of trade,
/// aggTrade, bookTicker, diff depth and partial depth, from books shared by all connections
/// (<see cref="Market"/>); plus the REST snapshot <c>GET /api/v3/depth?symbol=X&amp;limit=N</c> on the same port.
/// Fault injection: <see cref="BinanceSimulatedFeedOptions.GapEveryDiffs"/> skips update-id ranges.
/// </summary>
public sealed class BinanceSimulatedFeed : ISimulatedFeed, ISimulatedHttpEndpoint
{
    /// <summary>The REST snapshot route.</summary>
    public const string DepthPath = "/api/v3/depth";

    private static readonly SimulatedInstrument[] s_defaults =
    [
        new(1, 4_300_000, PriceDecimals: 2, TickSize: 1, Feed: FeedKind.Binance, Symbol: "btcusdt", QuantityDecimals: 8, LotSize: 100_000),    // 43000.00, lots of 0.001
        new(2, 230_000, PriceDecimals: 2, TickSize: 1, Feed: FeedKind.Binance, Symbol: "ethusdt", QuantityDecimals: 8, LotSize: 1_000_000),    // 2300.00, lots of 0.01
        new(3, 3_000_000, PriceDecimals: 4, TickSize: 10, Feed: FeedKind.Binance, Symbol: "bnbusdt", QuantityDecimals: 8, LotSize: 10_000_000), // 300.0000, lots of 0.1
    ];

    /// <summary>The instruments streamed (also the first symbols of the simulated <c>exchangeInfo</c>).</summary>
    internal static IReadOnlyList<SimulatedInstrument> Defaults => s_defaults;

    /// <summary>Creates the feed with default options (found automatically by the server).</summary>
    public BinanceSimulatedFeed()
        : this(new BinanceSimulatedFeedOptions())
    {
    }

    /// <summary>Creates the feed with <paramref name="options"/> (pass it in <see cref="SimulatorOptions.Feeds"/>).</summary>
    public BinanceSimulatedFeed(BinanceSimulatedFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Market = new BinanceSimulatedMarket(options);
        Market.Register(s_defaults);
    }

    /// <summary>The Binance settings.</summary>
    public BinanceSimulatedFeedOptions Options { get; }

    /// <summary>The shared books (tests compare a client's book with <see cref="BinanceSimulatedMarket.GetBook"/>).</summary>
    public BinanceSimulatedMarket Market { get; }

    /// <inheritdoc />
    public FeedKind Feed => FeedKind.Binance;

    /// <inheritdoc />
    public string Path => "/binance/stream";

    /// <inheritdoc />
    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => s_defaults;

    /// <inheritdoc />
    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Market.Register(context.Instruments);
        return new BinanceSimulatedSession(context, Market, Options);
    }

    /// <inheritdoc />
    public async Task<bool> TryHandleHttpAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.Equals(context.Request.Path.Value, DepthPath, StringComparison.Ordinal))
        {
            return false;
        }

        string? symbol = context.Request.Query["symbol"];
        string? limitText = context.Request.Query["limit"];
        int limit = 100;
        if (string.IsNullOrEmpty(symbol)
            || (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 5000)))
        {
            await WriteErrorAsync(context, -1100, "Illegal characters found in parameter 'symbol' or 'limit'.").ConfigureAwait(false);
            return true;
        }

        var body = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        bool known;
        using (var json = new Utf8JsonWriter(body))
        {
            known = Market.TryWriteDepth(symbol, limit, json);
        }

        if (!known)
        {
            await WriteErrorAsync(context, -1121, "Invalid symbol.").ConfigureAwait(false);
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json;charset=UTF-8";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory).ConfigureAwait(false);
        return true;
    }

    private static async Task WriteErrorAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json;charset=UTF-8";
        var body = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("code"u8, code);
            json.WriteString("msg"u8, message);
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(body.WrittenMemory).ConfigureAwait(false);
    }
}
