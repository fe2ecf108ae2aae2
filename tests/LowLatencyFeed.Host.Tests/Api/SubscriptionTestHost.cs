using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// A real host (Kestrel on 127.0.0.1) with one feed of <see cref="Protocol"/> on the simulator, an operate and a read
/// key, and helpers to change its subscriptions over HTTP and to read what the journal holds so far.
/// </summary>
internal sealed class SubscriptionTestHost : IAsyncDisposable
{
    public const string OperateKey = "op-subs-4c1d";
    public const string ReadKey = "rd-subs-9e27";

    private SubscriptionTestHost(string protocol, string directory, FeedHost host, ISimulatedFeed feed)
    {
        Protocol = protocol;
        Directory = directory;
        Host = host;
        Feed = feed;
        Http = new HttpClient { BaseAddress = new Uri(host.ApiAddress + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Protocol { get; }

    public string Directory { get; }

    public FeedHost Host { get; }

    public ISimulatedFeed Feed { get; }

    public HttpClient Http { get; }

    /// <summary>The simulated instruments of this protocol (configured ones first).</summary>
    public IReadOnlyList<SimulatedInstrument> Instruments => Feed.DefaultInstruments;

    /// <summary>The simulated instruments of <paramref name="protocol"/> that are not indices (their mode can change).</summary>
    public static SimulatedInstrument[] Tradable(SimulatorServer simulator, string protocol) =>
        [.. simulator.Feeds.Single(f => f.Path == PathOf(protocol)).DefaultInstruments.Where(i => !i.IsIndex)];

    /// <summary>
    /// Starts a host whose feed subscribes <paramref name="configured"/>; <paramref name="controlClock"/> paces its control
    /// messages (Binance) when given.
    /// </summary>
    public static async Task<SubscriptionTestHost> StartAsync(SimulatorServer simulator, string protocol, IReadOnlyList<SimulatedInstrument> configured, string directory, string? connectionString = null, TimeProvider? controlClock = null)
    {
        ISimulatedFeed feed = simulator.Feeds.Single(f => f.Path == PathOf(protocol));
        FeedHostOptions options = OptionsFor(simulator, feed, protocol, configured, directory, connectionString);
        FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory, controlClock), []);
        return new SubscriptionTestHost(protocol, directory, host, feed);
    }

    public static SubscriptionMode InitialMode(string protocol) => protocol switch
    {
        "dhan-depth20" => SubscriptionMode.Depth20,
        "dhan-depth200" => SubscriptionMode.Depth200,
        _ => SubscriptionMode.Quote,
    };

    public static string PathOf(string protocol) => protocol switch
    {
        "kite" => "/kite",
        "dhan" => "/dhan",
        "dhan-depth20" => "/dhan/depth20",
        "dhan-depth200" => "/dhan/depth200",
        "kotak" => "/kotak",
        "kotak-hsm" => "/kotak/hsm",
        "binance" => "/binance/stream",
        _ => throw new InvalidOperationException("unexpected protocol " + protocol),
    };

    /// <summary>POSTs a subscribe body for <paramref name="instruments"/> in <paramref name="mode"/>.</summary>
    public Task<HttpResponseMessage> SubscribeAsync(SubscriptionMode mode, string? key = OperateKey, params SimulatedInstrument[] instruments)
    {
        var items = instruments.Select(i => new Dictionary<string, object>
        {
            ["token"] = i.Token,
            ["symbol"] = i.Symbol,
            ["segment"] = i.Segment,
            ["mode"] = mode.ToString(),
            ["priceDecimals"] = i.PriceDecimals,
            ["quantityDecimals"] = i.QuantityDecimals,
        });
        return SendAsync(HttpMethod.Post, $"api/feeds/{Protocol}/subscriptions", JsonSerializer.Serialize(new { instruments = items }), key);
    }

    public Task<HttpResponseMessage> UnsubscribeAsync(string? key = OperateKey, params SimulatedInstrument[] instruments) =>
        SendAsync(HttpMethod.Delete, $"api/feeds/{Protocol}/subscriptions?" + string.Join('&', instruments.Select(i => $"instrument={i.Token}")), body: null, key);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The feed's market and control events the journal holds so far, in ring order.</summary>
    public List<MarketEvent> JournalEvents()
    {
        long written = Host.Engine.Journal.LastWrittenSequence;
        var events = new List<MarketEvent>();
        using JournalCursor cursor = JournalReader.Open(Path.Combine(Directory, "journal")).Read(new JournalQuery { ToSequence = written });
        while (cursor.MoveNext())
        {
            events.Add(cursor.Current);
        }

        return events;
    }

    /// <summary>The simulator's current connection of this feed.</summary>
    public static SimulatorConnection? LiveConnection(SimulatorServer simulator, string protocol) =>
        simulator.Connections.LastOrDefault(c => c.Path == PathOf(protocol));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    private static FeedHostOptions OptionsFor(SimulatorServer simulator, ISimulatedFeed feed, string protocol, IReadOnlyList<SimulatedInstrument> configured, string directory, string? connectionString)
    {
        var options = new FeedOptions
        {
            Name = protocol,
            Protocol = protocol,
            Url = simulator.GetFeedUri(feed.Path).ToString(),
            RestUrl = new UriBuilder(simulator.BaseUri) { Scheme = "http" }.Uri.ToString(),
            User = "simulated-user",
            SessionToken = "simulated-session",
            AccessToken = "simulated-access",
            StaleTimeoutSeconds = 30,
        };
        foreach (SimulatedInstrument instrument in configured)
        {
            options.Instruments.Add(new InstrumentOptions
            {
                Token = instrument.Token,
                Symbol = instrument.Symbol,
                Segment = instrument.Segment,
                Mode = InitialMode(protocol),
                PriceDecimals = instrument.PriceDecimals,
                QuantityDecimals = instrument.QuantityDecimals,
            });
        }

        var host = new FeedHostOptions
        {
            DataDirectory = directory,
            MetricsUrl = "http://127.0.0.1:0",
            Feeds = [options],
            ClockIntervalMilliseconds = 50,
            Database = connectionString is null
                ? new DatabaseOptions { PrivateCluster = false }
                : new DatabaseOptions { ConnectionString = connectionString, PrivateCluster = false },
        };
        host.Api.Keys.Add(new ApiKeyOptions { Name = "ops", Key = OperateKey, Role = "operate" });
        host.Api.Keys.Add(new ApiKeyOptions { Name = "dashboard", Key = ReadKey, Role = "read" });
        return host;
    }
}
