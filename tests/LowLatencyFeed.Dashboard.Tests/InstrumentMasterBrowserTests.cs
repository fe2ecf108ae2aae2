using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>
/// The instruments page over a loaded instrument master: a row no feed subscribes is found by its name and subscribed
/// by name on a configured feed of its broker. A host of its own: the Kite master comes from the simulator's REST side
/// at start.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class InstrumentMasterBrowserTests(DashboardHostFixture fixture)
{
    [Fact]
    public async Task A_master_instrument_is_found_by_name_and_subscribed_by_name()
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-dashboard-master-").FullName;
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                HttpEndpoints = [new SimulatedBrokerRest { ExtraRows = 20 }],
                MessagesPerSecond = 200,
                StartTimeUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
                SimulatedStep = TimeSpan.FromMilliseconds(5),
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        var kite = new FeedOptions { Name = "kite-main", Protocol = "kite", Url = simulator.GetFeedUri(Core.Events.FeedKind.Kite).ToString(), StaleTimeoutSeconds = 30 };
        kite.Instruments.Add(new InstrumentOptions { Token = 408065, Symbol = "INFY", Segment = "NSE_EQ", Mode = SubscriptionMode.Full, PriceDecimals = 2 });
        var options = new FeedHostOptions
        {
            DataDirectory = directory,
            MetricsUrl = "http://127.0.0.1:0",
            Feeds = [kite],
            Database = new DatabaseOptions { PrivateCluster = false },
        };
        options.InstrumentMasters.KiteRestUrl = simulator.HttpBaseUri + "rest/kite/";
        options.InstrumentMasters.SyncOnStart = true;
        options.Api.Keys.Add(new ApiKeyOptions { Name = "ops", Key = DashboardHostFixture.OperateKey, Role = "operate" });
        try
        {
            await using FeedHost host = await FeedHost.StartAsync(options, (factory, slabs) => FeedFactory.Create(options, slabs, factory), []);
            IPage page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
            page.SetDefaultTimeout(120_000);
            await page.GotoAsync(host.ApiAddress + "/#/instruments");
            await page.FillAsync("#operate-key", DashboardHostFixture.OperateKey);
            await page.ClickAsync("#save-key");
            await page.FillAsync("#q", "NIFTY 50");
            await page.ClickAsync("#search button[type=submit]");
            const string row = "tr[data-instrument=\"Kite:256265\"]";
            await page.WaitForSelectorAsync(row);
            Assert.Equal("NSE:NIFTY 50", await page.TextContentAsync(row + " td:nth-child(3)"));
            Assert.Equal("no", await page.TextContentAsync(row + " .subscribed"));
            Assert.Equal("kite-main", await page.InputValueAsync(row + " select.feed"));

            await page.ClickAsync(row + " .subscribe");
            try
            {
                await page.WaitForFunctionAsync("() => document.querySelector('tr[data-instrument=\"Kite:256265\"] .subscribed')?.textContent === 'yes' || document.querySelector('.error')");
            }
            catch (TimeoutException)
            {
                await fixture.ScreenshotAsync(page, "instrument-master-failed");
                throw new TimeoutException("not subscribed: " + await page.TextContentAsync("main"));
            }

            Assert.Null(await page.QuerySelectorAsync(".error") is { } error ? await error.TextContentAsync() : null);
            Assert.Contains("Subscribed Kite:256265", await page.TextContentAsync("#change-result"), StringComparison.Ordinal);
            Assert.Equal("kite-main", await page.TextContentAsync(row + " td:nth-child(8)"));
            await fixture.ScreenshotAsync(page, "instrument-master");

            // The host's own list agrees: the connection carries it now.
            using var http = new HttpClient();
            string list = await http.GetStringAsync(host.ApiAddress + "/api/feeds/kite-main/subscriptions");
            Assert.Contains("\"instrument\":\"Kite:256265\"", list, StringComparison.Ordinal);
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
