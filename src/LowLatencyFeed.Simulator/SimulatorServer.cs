using System.Net;
using System.Net.WebSockets;
using LowLatencyFeed.Core.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// A loopback WebSocket server playing brokers: Kestrel on 127.0.0.1 with one endpoint per <see cref="ISimulatedFeed"/>
/// (<c>/kite</c>, ...). Each connection streams a deterministic random walk over the instruments it subscribed, in the
/// broker's wire format, paced to <see cref="SimulatorOptions.MessagesPerSecond"/>, with optional faults.
/// Start with <see cref="StartAsync"/>, stop with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<SimulatorConnection> _connections = [];
    private readonly Dictionary<string, (ISimulatedFeed Feed, SimulatedInstrument[] Instruments)> _feeds;
    private readonly IReadOnlyList<ISimulatedHttpEndpoint> _httpEndpoints;
    private int _nextConnectionId;
    private int _refusedHandshakes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _revokedTokens = new(StringComparer.Ordinal);
    private int _disposed;

    private SimulatorServer(WebApplication app, SimulatorOptions options, ILoggerFactory loggerFactory, Dictionary<string, (ISimulatedFeed, SimulatedInstrument[])> feeds)
    {
        _app = app;
        _options = options;
        _logger = loggerFactory.CreateLogger("LowLatencyFeed.Simulator");
        _feeds = feeds;
        HistoricalCandles = options.HistoricalCandles ?? new Rest.SimulatedHistoricalCandles();
        var instruments = new List<SimulatedInstrument>();
        foreach ((_, SimulatedInstrument[] served) in feeds.Values)
        {
            foreach (SimulatedInstrument instrument in served)
            {
                if (!instruments.Exists(known => known.Feed == instrument.Feed && known.Token == instrument.Token))
                {
                    instruments.Add(instrument);
                }
            }
        }

        HistoricalCandles.UseInstrumentsIfNone(instruments);
        _httpEndpoints = [HistoricalCandles, .. options.HttpEndpoints ?? [new Rest.SimulatedBrokerRest()]];
        foreach (ISimulatedHttpEndpoint endpoint in _httpEndpoints)
        {
            (endpoint as Rest.SimulatedBrokerRest)?.UseInstrumentsIfNone(instruments);
        }

        BaseUri = null!;
    }

    /// <summary>The server's root as <c>ws://127.0.0.1:port/</c>; append a feed path (or use <see cref="GetFeedUri(string, string)"/>).</summary>
    public Uri BaseUri { get; private set; }

    /// <summary>The brokers' historical candle APIs served on this port.</summary>
    public Rest.SimulatedHistoricalCandles HistoricalCandles { get; }

    /// <summary>
    /// Refuses from now on every WebSocket handshake whose query string carries <paramref name="accessToken"/> (an
    /// expired or revoked token) with the broker's own refusal (<see cref="Rest.SimulatedTokenRefusal.For"/>: Kite 403
    /// <c>TokenException</c>, Dhan 401 DH-901).
    /// </summary>
    public void RevokeToken(string accessToken) => _revokedTokens[accessToken] = 0;

    /// <summary>
    /// Expires <paramref name="accessToken"/> in the middle of a session, as the broker does at the token's deadline (Kite
    /// 06:00 IST, Dhan 24 h) or on a logout elsewhere: every open connection whose handshake query carries it (or that
    /// sent it in a message: Kotak's auth frame) is closed
    /// with WebSocket close 1008 and the broker's "expired" text, and from now on every handshake with it is refused
    /// (see <see cref="RevokeToken"/>). No clock: the test decides when the token expires. Returns the number of
    /// open connections closed.
    /// </summary>
    public int ExpireToken(string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        RevokeToken(accessToken);
        int closed = 0;
        foreach (SimulatorConnection connection in Connections)
        {
            if (connection.EndReason is null && (CarriesToken(connection.QueryString, accessToken) || connection.MessageTokens.Contains(accessToken)))
            {
                connection.ExpireToken(Rest.SimulatedTokenRefusal.ExpiredCloseText(connection.Feed));
                closed++;
            }
        }

        return closed;
    }

    private static bool CarriesToken(string queryString, string accessToken)
    {
        foreach ((_, Microsoft.Extensions.Primitives.StringValues value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString))
        {
            if (value.ToString() == accessToken)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Handshakes refused because their token was revoked, and connections ended because a token sent in a message (Kotak's
    /// auth frame) was.
    /// </summary>
    public int RefusedHandshakes => Volatile.Read(ref _refusedHandshakes);

    /// <summary>The bound TCP port.</summary>
    public int Port => BaseUri.Port;

    /// <summary>The options the server runs with.</summary>
    public SimulatorOptions Options => _options;

    /// <summary>The feeds served, by path.</summary>
    public IReadOnlyList<ISimulatedFeed> Feeds => [.. _feeds.Values.Select(static f => f.Feed)];

    /// <summary>Every connection accepted so far (open or closed), in accept order.</summary>
    public IReadOnlyList<SimulatorConnection> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>
    /// Starts the server on 127.0.0.1 (<see cref="SimulatorOptions.Port"/>, 0 for any free port) and returns once it
    /// accepts connections.
    /// </summary>
    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        Dictionary<string, (ISimulatedFeed, SimulatedInstrument[])> feeds = ResolveFeeds(options);

        // The empty builder reads no configuration files or environment: nothing to watch, nothing to override the bind address.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "LowLatencyFeed.Simulator" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        WebApplication app = builder.Build();
        var server = new SimulatorServer(app, options, loggerFactory, feeds);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new Uri(address);
        server.BaseUri = new Uri($"ws://127.0.0.1:{http.Port}/");
        server._logger.LogInformation("Simulator listening on {Uri} with feeds {Feeds}", server.BaseUri, string.Join(", ", feeds.Keys));
        return server;
    }

    /// <summary>The server's root as <c>http://127.0.0.1:port/</c>, for the REST routes.</summary>
    public Uri HttpBaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>The WebSocket address of the endpoint at <paramref name="path"/> (e.g. "/kite"), with an optional query.</summary>
    public Uri GetFeedUri(string path, string query = "") => new(BaseUri, path.TrimStart('/') + query);

    /// <summary>The WebSocket address of the endpoint serving <paramref name="feed"/>.</summary>
    public Uri GetFeedUri(FeedKind feed, string query = "")
    {
        foreach ((string path, (ISimulatedFeed f, _)) in _feeds)
        {
            if (f.Feed == feed)
            {
                return GetFeedUri(path, query);
            }
        }

        throw new ArgumentException($"The simulator serves no {feed} endpoint; it serves {string.Join(", ", _feeds.Keys)}.", nameof(feed));
    }

    /// <summary>Closes every connection (close frame "simulator stopping") and stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections.Select(static c => c.Completion)];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Simulator: some connections did not close within 5 s; stopping anyway");
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static Dictionary<string, (ISimulatedFeed, SimulatedInstrument[])> ResolveFeeds(SimulatorOptions options)
    {
        IReadOnlyList<ISimulatedFeed> feeds = options.Feeds ?? DiscoverFeeds();
        var result = new Dictionary<string, (ISimulatedFeed, SimulatedInstrument[])>(StringComparer.Ordinal);
        foreach (ISimulatedFeed feed in feeds)
        {
            string path = "/" + feed.Path.Trim('/');
            SimulatedInstrument[] instruments = [.. options.Instruments.Where(i => i.Feed == feed.Feed)];
            if (instruments.Length == 0)
            {
                instruments = [.. feed.DefaultInstruments];
            }

            if (!result.TryAdd(path, (feed, instruments)))
            {
                throw new ArgumentException($"Two simulated feeds use the path {path}.", nameof(options));
            }
        }

        return result;
    }

    /// <summary>A new instance of every <see cref="ISimulatedFeed"/> in this assembly, by path.</summary>
    internal static ISimulatedFeed[] DiscoverFeeds()
    {
        var feeds = new List<ISimulatedFeed>();
        foreach (Type type in typeof(SimulatorServer).Assembly.GetTypes())
        {
            if (type.IsClass && !type.IsAbstract && typeof(ISimulatedFeed).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
            {
                feeds.Add((ISimulatedFeed)Activator.CreateInstance(type)!);
            }
        }

        feeds.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return [.. feeds];
    }

    private bool IsRevoked(IQueryCollection query)
    {
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> parameter in query)
        {
            if (_revokedTokens.ContainsKey(parameter.Value.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    private async Task HandleAsync(HttpContext context)
    {
        // Plain HTTP routes of feeds that have them (Binance REST depth snapshot).
        if (!context.WebSockets.IsWebSocketRequest)
        {
            foreach (ISimulatedHttpEndpoint endpoint in _httpEndpoints)
            {
                if (await endpoint.TryHandleHttpAsync(context).ConfigureAwait(false))
                {
                    return;
                }
            }

            foreach ((ISimulatedFeed feed, _) in _feeds.Values)
            {
                if (feed is ISimulatedHttpEndpoint http && await http.TryHandleHttpAsync(context).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        if (!_feeds.TryGetValue(context.Request.Path.Value ?? "/", out (ISimulatedFeed Feed, SimulatedInstrument[] Instruments) entry))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"No simulated feed at {context.Request.Path}; feeds: {string.Join(", ", _feeds.Keys)}").ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"{context.Request.Path} is a WebSocket endpoint").ConfigureAwait(false);
            return;
        }

        if (!_revokedTokens.IsEmpty && IsRevoked(context.Request.Query))
        {
            // Each broker refuses in its own error shape (Dhan 401 DH-901, Kite 403 TokenException).
            Interlocked.Increment(ref _refusedHandshakes);
            (int status, string body) = Rest.SimulatedTokenRefusal.For(entry.Feed.Feed);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
            await context.Response.WriteAsync(body).ConfigureAwait(false);
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        int id = Interlocked.Increment(ref _nextConnectionId) - 1;
        var connection = new SimulatorConnection(
            id, entry.Feed, context.Request.QueryString.Value ?? string.Empty, headers, entry.Instruments, _options, _logger,
            token => _revokedTokens.ContainsKey(token), () => Interlocked.Increment(ref _refusedHandshakes));
        lock (_connections)
        {
            _connections.Add(connection);
        }

        _logger.LogDebug("Simulator connection {Id} accepted on {Path}", id, entry.Feed.Path);
        await connection.RunAsync(socket, context.Abort, _stopping.Token).ConfigureAwait(false);
        _logger.LogDebug("Simulator connection {Id} ended: {Reason}", id, connection.EndReason);
    }
}
