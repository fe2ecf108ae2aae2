using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>
/// What the demo runs, in this process: the loopback simulator (Kite, and Dhan's 200-level depth feed) and the engine
/// with its HTTP API, stream and dashboard on 127.0.0.1 (free ports), journal-only; plus one headless Chromium.
/// RELIANCE (Kite:738561) is configured but unsubscribed before the simulator starts, so it has no data until a test
/// subscribes it from the dashboard.
/// </summary>
public sealed class DashboardHostFixture : IAsyncLifetime
{
    /// <summary>The operate key the host accepts.</summary>
    public const string OperateKey = "dashboard-test-operate-key";

    /// <summary>Kite instrument that starts unsubscribed.</summary>
    public const string Reliance = "Kite:738561";

    /// <summary>A Kite instrument streaming from the start.</summary>
    public const string Infy = "Kite:408065";

    /// <summary>The Dhan instrument on the 200-level depth connection.</summary>
    public const string DeepBook = "Dhan:1333";

    /// <summary>Messages per second per simulator connection: on the 200-depth connection a bid and an ask message make one book update, so 200 is about 100 book updates per second.</summary>
    public const int MessagesPerSecond = 200;

    private string _directory = "";
    private IPlaywright? _playwright;

    /// <summary>The host.</summary>
    public FeedHost Host { get; private set; } = null!;

    /// <summary>The simulator.</summary>
    public SimulatorServer Simulator { get; private set; } = null!;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The dashboard's address (no trailing slash).</summary>
    public string BaseUrl => Host.ApiAddress;

    /// <summary>Where screenshots and figures go (the test run's output directory).</summary>
    public string OutputDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard-output");

    /// <summary>When the fixture started (journal range for the replay test).</summary>
    public DateTimeOffset Started { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string chromium = Chromium.Require();
        Directory.CreateDirectory(OutputDirectory);
        _directory = Directory.CreateTempSubdirectory("llfeed-dashboard-").FullName;
        Started = DateTimeOffset.UtcNow;
        int port = FreePort();
        var kite = new FeedOptions { Name = "kite", Protocol = "kite", Url = $"ws://127.0.0.1:{port}/kite", StaleTimeoutSeconds = 30 };
        string[] symbols = ["INFY", "SBIN", "RELIANCE"];
        var kiteDefaults = new KiteSimulatedFeed().DefaultInstruments;
        for (int i = 0; i < symbols.Length; i++)
        {
            kite.Instruments.Add(new InstrumentOptions
            {
                Token = kiteDefaults[i].Token,
                Symbol = symbols[i],
                Segment = "NSE_EQ",
                Mode = SubscriptionMode.Full,
                PriceDecimals = kiteDefaults[i].PriceDecimals,
            });
        }

        var deep = new DhanDepth200SimulatedFeed().DefaultInstruments[0];
        var depth = new FeedOptions
        {
            Name = "dhan-depth200",
            Protocol = "dhan-depth200",
            Url = $"ws://127.0.0.1:{port}/dhan/depth200",
            User = "simulated-user",
            AccessToken = "simulated-access",
            StaleTimeoutSeconds = 30,
        };
        depth.Instruments.Add(new InstrumentOptions
        {
            Token = deep.Token,
            Symbol = "HDFCBANK",
            Segment = deep.Segment,
            Mode = SubscriptionMode.Depth200,
            PriceDecimals = deep.PriceDecimals,
            QuantityDecimals = deep.QuantityDecimals,
        });
        var options = new FeedHostOptions
        {
            DataDirectory = _directory,
            MetricsUrl = "http://127.0.0.1:0",
            Feeds = [kite, depth],
            Database = new DatabaseOptions { PrivateCluster = false },
        };
        options.Api.Keys.Add(new ApiKeyOptions { Name = "ops", Key = OperateKey, Role = "operate" });
        var errors = FeedHostOptionsValidator.Validate(options, requireFeeds: true);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        Host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []);

        // Before the simulator listens the feed is still connecting: the removal is applied at its first connect.
        using (var http = Http())
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/feeds/kite/subscriptions?instrument={Reliance}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperateKey);
            using HttpResponseMessage response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        Simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Port = port,
                MessagesPerSecond = MessagesPerSecond,
                StartTimeUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
                SimulatedStep = TimeSpan.FromMilliseconds(1000.0 / MessagesPerSecond),
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
    }

    /// <summary>An HTTP client for the host's API.</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A new page (1400×900) whose console errors are collected.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IPage page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        page.SetDefaultTimeout(120_000);
        return page;
    }

    /// <summary>Writes a full-page screenshot to the output directory.</summary>
    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(OutputDirectory, name + ".png"), FullPage = true });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The tests sharing one host and browser (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHostFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "dashboard";
}
