using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Brokers.Tests;

/// <summary>A simulator serving the brokers' REST side, a downloader pointed at it and a throwaway data directory.</summary>
internal sealed class SimulatedBrokers : IAsyncDisposable
{
    private SimulatedBrokers(SimulatorServer server, SimulatedBrokerRest rest, string dataDirectory)
    {
        Server = server;
        Rest = rest;
        DataDirectory = dataDirectory;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        string root = server.HttpBaseUri.ToString();
        Sources = new InstrumentMasterSources
        {
            KiteRestUrl = root + "rest/kite/",
            DhanMasterUrl = root + "rest/dhan/api-scrip-master.csv",
            KotakRestUrl = root + "rest/kotak/",
            BinanceRestUrl = root + "rest/binance/",
        };
        Downloader = new MasterDownloader(Http, Sources, _ => "test-token");
        Cache = new InstrumentMasterCache(dataDirectory);
    }

    public SimulatorServer Server { get; }

    public SimulatedBrokerRest Rest { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public InstrumentMasterSources Sources { get; }

    public MasterDownloader Downloader { get; }

    public InstrumentMasterCache Cache { get; }

    public static async Task<SimulatedBrokers> StartAsync(int extraRows = 2000)
    {
        var rest = new SimulatedBrokerRest { ExtraRows = extraRows };
        var server = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Path.Combine(Path.GetTempPath(), "llfeed-brokers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        return new SimulatedBrokers(server, rest, data);
    }

    public Task<MasterStatus> SyncAsync(BrokerKind broker, DateOnly day) => Cache.SyncAsync(broker, day, Downloader, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
