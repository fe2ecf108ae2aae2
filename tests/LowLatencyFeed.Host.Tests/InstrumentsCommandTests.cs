using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary><c>llfeed instruments sync|search|show</c> against the simulator's REST side over real HTTP.</summary>
public sealed class InstrumentsCommandTests
{
    private static readonly HashSet<string> s_twoWordVerbs = new(StringComparer.Ordinal) { "instruments" };

    [Fact]
    public async Task Sync_downloads_every_master_then_search_and_show_read_the_cache()
    {
        var rest = new SimulatedBrokerRest { ExtraRows = 50 };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [rest] }, NullLoggerFactory.Instance, CancellationToken.None);
        string data = Path.Combine(Path.GetTempPath(), "llfeed-instruments-" + Guid.NewGuid().ToString("N"));
        string config = Path.Combine(data, "llfeed.json");
        Directory.CreateDirectory(data);
        string root = simulator.HttpBaseUri.ToString();
        await File.WriteAllTextAsync(config, $$"""
            { "DataDirectory": "{{data}}",
              "InstrumentMasters": { "KiteRestUrl": "{{root}}rest/kite/", "DhanMasterUrl": "{{root}}rest/dhan/api-scrip-master.csv",
                                     "KotakRestUrl": "{{root}}rest/kotak/", "BinanceRestUrl": "{{root}}rest/binance/" } }
            """);
        try
        {
            var sync = new StringWriter();
            Assert.Equal(0, await Run(["instruments", "sync", "--config", config, "--day", "2026-01-02"], sync));
            Assert.Contains("Kite: 61 instruments for 2026-01-02", sync.ToString());
            Assert.Contains("Binance: 55 instruments", sync.ToString()); // the three streamed symbols, ETHBTC, LUNAUSDT and 50 generated

            var show = new StringWriter();
            Assert.Equal(0, await Run(["instruments", "show", "NFO:NIFTY26JANFUT", "--data-dir", data], show));
            Assert.Contains("Kite (master of 2026-01-02): NFO:NIFTY26JANFUT", show.ToString());
            Assert.Contains("key NSE_FNO|35001", show.ToString());
            Assert.Contains("key nse_fo|35001", show.ToString());
            Assert.Contains("lot 75, tick 0.1", show.ToString());

            var search = new StringWriter();
            Assert.Equal(0, await Run(["instruments", "search", "nifty 50", "--broker", "kite,kotak", "--data-dir", data], search));
            Assert.Contains("NSE:NIFTY 50", search.ToString());
            Assert.DoesNotContain("IDX_I", search.ToString());

            var missing = new StringWriter();
            Assert.Equal(1, await Run(["instruments", "show", "NSE:NOSUCH", "--data-dir", data], missing));
            Assert.Contains("'NSE:NOSUCH' is in no cached master", missing.ToString());

            rest.SetFault("dhan", SimulatedMasterFault.ChangedHeader);
            var failed = new StringWriter();
            Assert.Equal(1, await Run(["instruments", "sync", "--broker", "dhan", "--config", config, "--day", "2026-01-03"], failed));
            Assert.Contains("Dhan: WARNING", failed.ToString());
            Assert.Contains("'SEM_TICK_SIZE'", failed.ToString());
            Assert.Contains("keeping the master of 2026-01-02", failed.ToString());

            await Assert.ThrowsAsync<CommandLineException>(() => Run(["instruments", "show", "--broker", "zerodha", "X", "--data-dir", data], new StringWriter()));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<int> Run(string[] args, TextWriter output) =>
        InstrumentsCommand.RunAsync(CommandLine.Parse(args, s_twoWordVerbs, new HashSet<string>()), output, CancellationToken.None);
}
