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

    private readonly SimulatorOptions _simulatorOptions;

    private ApiTestHost(string directory, SimulatorServer? simulator, SimulatorOptions simulatorOptions, FeedHost host, IReadOnlyList<SimulatedInstrument> instruments)
    {
        _directory = directory;
        _simulatorOptions = simulatorOptions;
        DeferredSimulator = simulator;
        Host = host;
        Instruments = instruments;
        Http = new HttpClient { BaseAddress = new Uri(host.ApiAddress + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public SimulatorServer Simulator => DeferredSimulator ?? throw new InvalidOperationException("the simulator was not started");

    private SimulatorServer? DeferredSimulator { get; set; }

    /// <summary>Starts the simulator of a host created with <c>deferSimulator</c> (the feed has been retrying its port).</summary>
    public async Task StartSimulatorAsync() =>
        DeferredSimulator = await SimulatorServer.StartAsync(_simulatorOptions, NullLoggerFactory.Instance, CancellationToken.None);

    public FeedHost Host { get; }

    public IReadOnlyList<SimulatedInstrument> Instruments { get; }

    public HttpClient Http { get; }

    /// <summary>Whether a simulator connection sent all <paramref name="messages"/> and the feed took every event they carried.</summary>
    public bool AllSent(long messages) =>
        Simulator.Connections.FirstOrDefault(c => c.MessagesSent == messages) is { } done
        && Host.Engine.Feeds[0].Diagnostics.Events == done.GetSentEvents().Length;

    /// <summary>Waits (up to <paramref name="deadline"/>) until <see cref="AllSent"/> and the journal is within <paramref name="slack"/> events of the ring's cursor.</summary>
    public async Task WaitUntilJournaledAsync(long messages, long slack, TimeSpan deadline)
    {
        DateTime giveUp = DateTime.UtcNow + deadline;
        while (!AllSent(messages) || Host.Engine.Journal.LastWrittenSequence < Host.Engine.Ring.Cursor - slack)
        {
            Assert.True(DateTime.UtcNow < giveUp, "the simulator's messages did not all reach the journal");
            await Task.Delay(20);
        }
    }

    /// <summary>The first instrument as the API names it.</summary>
    public string FirstId => $"Kite:{Instruments[0].Token}";

    public static async Task<ApiTestHost> StartAsync(string? connectionString, long messages = 50, long startTimeNs = 0, Action<FeedHostOptions>? configure = null, bool deferSimulator = false, double rate = 0)
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-api-").FullName;
        var instruments = DemoInstruments.Create(3);
        var simulatorOptions = new SimulatorOptions
            {
                Port = deferSimulator ? FreePort() : 0,
                Instruments = instruments,
                MessagesPerSecond = rate,
                MaxMessages = messages,
                CaptureSentEvents = true,
                StartTimeUnixNs = startTimeNs != 0 ? startTimeNs : new SimulatorOptions().StartTimeUnixNs,
            };
        SimulatorServer? simulator = deferSimulator ? null : await SimulatorServer.StartAsync(simulatorOptions, NullLoggerFactory.Instance, CancellationToken.None);
        string feedUrl = simulator?.GetFeedUri(FeedKind.Kite).ToString() ?? $"ws://127.0.0.1:{simulatorOptions.Port}/kite";
        var feed = new FeedOptions { Name = "kite-sim", Protocol = "kite", Url = feedUrl, StaleTimeoutSeconds = 60 };
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
        return new ApiTestHost(directory, simulator, simulatorOptions, host, instruments);
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
        if (DeferredSimulator is not null)
        {
            await DeferredSimulator.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
