using System.Net;
using System.Net.Sockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>A real host (Kestrel on 127.0.0.1, the engine, a database) fed by the simulator's Kite feed.</summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    private readonly string _directory;

    private ApiTestHost(string directory, SimulatorServer simulator, FeedHost host, IReadOnlyList<SimulatedInstrument> instruments)
    {
        _directory = directory;
        Simulator = simulator;
        Host = host;
        Instruments = instruments;
        Http = new HttpClient { BaseAddress = new Uri(host.ApiAddress + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public SimulatorServer Simulator { get; }

    public FeedHost Host { get; }

    public IReadOnlyList<SimulatedInstrument> Instruments { get; }

    public HttpClient Http { get; }

    /// <summary>The first instrument as the API names it.</summary>
    public string FirstId => $"Kite:{Instruments[0].Token}";

    public static async Task<ApiTestHost> StartAsync(string? connectionString, long messages = 50, long startTimeNs = 0, Action<FeedHostOptions>? configure = null)
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-api-").FullName;
        var instruments = DemoInstruments.Create(3);
        var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Instruments = instruments,
                MessagesPerSecond = 0,
                MaxMessages = messages,
                CaptureSentEvents = true,
                StartTimeUnixNs = startTimeNs != 0 ? startTimeNs : new SimulatorOptions().StartTimeUnixNs,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        var feed = new FeedOptions { Name = "kite-sim", Protocol = "kite", Url = simulator.GetFeedUri(FeedKind.Kite).ToString(), StaleTimeoutSeconds = 60 };
        for (int i = 0; i < instruments.Count; i++)
        {
            feed.Instruments.Add(new InstrumentOptions
            {
                Token = instruments[i].Token,
                Symbol = i == 0 ? "RELIANCE" : $"SYM{i}",
                Segment = i == 0 ? "NSE_EQ" : "BSE_EQ",
                Mode = SubscriptionMode.Full,
                PriceDecimals = instruments[i].PriceDecimals,
            });
        }

        var options = new FeedHostOptions
        {
            DataDirectory = directory,
            MetricsUrl = "http://127.0.0.1:0",
            Feeds = [feed],
            ClockIntervalMilliseconds = 50,
            Database = connectionString is null
                ? new DatabaseOptions { PrivateCluster = false }
                : new DatabaseOptions { ConnectionString = connectionString, PrivateCluster = false },
        };
        configure?.Invoke(options);
        var host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []);
        return new ApiTestHost(directory, simulator, host, instruments);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
