using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// <c>/api/instruments</c> over the Kite instrument master the host downloaded at start from the simulator's REST side
/// (issue #12's master search): symbol and name search with exact symbols first, exchange and segment filters, limit,
/// the subscribed feed filled in, look-up by master name, history by master name, the master metrics.
/// </summary>
public sealed class ApiInstrumentMasterTests
{
    [Fact]
    public async Task Instruments_search_the_downloaded_master_and_names_reach_the_other_endpoints()
    {
        await using var rest = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [new SimulatedBrokerRest { ExtraRows = 40 }] }, NullLoggerFactory.Instance, CancellationToken.None);
        string root = rest.HttpBaseUri.ToString();
        await using var host = await ApiTestHost.StartAsync(connectionString: null, configure: options =>
        {
            options.InstrumentMasters.KiteRestUrl = root + "rest/kite/";
            options.InstrumentMasters.SyncOnStart = true;
        });

        // "INFY": the exact symbol first, then rows containing it (none here), never more than the limit.
        using JsonDocument infy = await ApiHistoryTests.GetJson(host, "api/instruments?q=infy");
        JsonElement first = infy.RootElement[0];
        Assert.Equal("NSE:INFY", first.GetProperty("name").GetString());
        Assert.Equal("Kite:408065", first.GetProperty("id").GetString());
        Assert.Equal("", first.GetProperty("feed").GetString()); // no feed subscribes it
        Assert.Equal("INFY", first.GetProperty("description").GetString());
        Assert.Equal(0.05m, first.GetProperty("tickSize").GetDecimal());
        Assert.Equal("408065", first.GetProperty("brokerKey").GetString());

        // Name search ("MAHINDRA, MAHINDRA") and the exchange filter.
        using JsonDocument byName = await ApiHistoryTests.GetJson(host, "api/instruments?q=mahindra");
        Assert.Equal("NSE:M&M", Assert.Single(byName.RootElement.EnumerateArray()).GetProperty("name").GetString());
        using JsonDocument nfo = await ApiHistoryTests.GetJson(host, "api/instruments?q=nifty&exchange=NFO");
        // The streamed February future comes first (the master lists the streamed instruments first).
        Assert.Equal(["NFO:NIFTY26FEBFUT", "NFO:NIFTY26JANFUT", "NFO:NIFTY26JAN24000CE", "NFO:NIFTY25DECFUT"], nfo.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        JsonElement call = nfo.RootElement[2];
        Assert.Equal(24000m, call.GetProperty("strike").GetDecimal());
        Assert.Equal("2026-01-27", call.GetProperty("expiry").GetString());
        Assert.Equal(75, call.GetProperty("lotSize").GetInt64());
        using JsonDocument segment = await ApiHistoryTests.GetJson(host, "api/instruments?q=nifty&segment=NFO-OPT");
        Assert.Equal("NFO:NIFTY26JAN24000CE", Assert.Single(segment.RootElement.EnumerateArray()).GetProperty("name").GetString());
        using JsonDocument limited = await ApiHistoryTests.GetJson(host, "api/instruments?exchange=NSE&limit=5");
        Assert.Equal(5, limited.RootElement.GetArrayLength());

        // NIFTY 50 is subscribed by the configured feed: the feed and mode come with the master fields.
        using JsonDocument nifty = await ApiHistoryTests.GetJson(host, "api/instruments/NSE:NIFTY%2050");
        Assert.Equal("kite-sim", nifty.RootElement.GetProperty("feed").GetString());
        Assert.Equal("Full", nifty.RootElement.GetProperty("mode").GetString());
        Assert.Equal("NSE", nifty.RootElement.GetProperty("exchange").GetString());
        Assert.Equal("BSE_EQ", nifty.RootElement.GetProperty("segment").GetString()); // as configured (ApiTestHost)
        Assert.True(DateOnly.TryParseExact(nifty.RootElement.GetProperty("masterValidOn").GetString(), "yyyy-MM-dd", out _)); // today (IST)
        using JsonDocument byKey = await ApiHistoryTests.GetJson(host, "api/instruments/Kite:256265");
        Assert.Equal("NSE:NIFTY 50", byKey.RootElement.GetProperty("name").GetString());
        using var unknown = await host.Http.GetAsync("api/instruments/NSE:NOSUCH");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // History endpoints take the master name of a subscribed instrument (journal-only host: 503, not 404).
        using var bars = await host.Http.GetAsync("api/bars?instrument=NSE:NIFTY%2050");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bars.StatusCode);
        using var notSubscribed = await host.Http.GetAsync("api/bars?instrument=NSE:INFY");
        Assert.Equal(HttpStatusCode.NotFound, notSubscribed.StatusCode);

        string metrics = await new HttpClient().GetStringAsync(host.Host.Address + "/metrics");
        Assert.Contains("llfeed_instrument_master_rows{broker=\"Kite\"} 51", metrics, StringComparison.Ordinal);
        Assert.Contains("llfeed_instrument_master_syncs_total{broker=\"Kite\",result=\"published\"} 1", metrics, StringComparison.Ordinal);
        using JsonDocument health = await ApiHistoryTests.GetJson(host, "health");
        Assert.Equal(0, health.RootElement.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task Runtime_subscriptions_take_a_master_name_and_refuse_unknown_expired_and_contradicting_ones()
    {
        const string key = "operate-key-for-names";
        await using var rest = await SimulatorServer.StartAsync(new SimulatorOptions { HttpEndpoints = [new SimulatedBrokerRest { ExtraRows = 5 }] }, NullLoggerFactory.Instance, CancellationToken.None);
        string root = rest.HttpBaseUri.ToString();
        await using var host = await ApiTestHost.StartAsync(connectionString: null, configure: options =>
        {
            options.InstrumentMasters.KiteRestUrl = root + "rest/kite/";
            options.InstrumentMasters.SyncOnStart = true;
            options.Api.Keys.Add(new ApiKeyOptions { Name = "ops", Key = key, Role = "operate" });
        });

        using (HttpResponseMessage added = await Subscribe(host, key, """{"instruments": [{"name": "NSE:INFY", "mode": "Quote"}, {"name": "nse:m&m", "priceDecimals": 2}]}"""))
        {
            Assert.True(added.StatusCode == HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
            using JsonDocument body = JsonDocument.Parse(await added.Content.ReadAsStringAsync());
            Assert.Equal(["Kite:408065", "Kite:1000449"], body.RootElement.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        }

        using JsonDocument list = await ApiHistoryTests.GetJson(host, "api/feeds/kite-sim/subscriptions");
        JsonElement infy = list.RootElement.EnumerateArray().Single(e => e.GetProperty("token").GetInt64() == 408065);
        Assert.Equal("Quote", infy.GetProperty("mode").GetString());
        Assert.Equal(2, infy.GetProperty("priceDecimals").GetInt32());
        Assert.Equal("INFY", infy.GetProperty("symbol").GetString());
        Assert.Equal("Full", list.RootElement.EnumerateArray().Single(e => e.GetProperty("token").GetInt64() == 1000449).GetProperty("mode").GetString());

        await AssertRefused(host, key, """{"instruments": [{"name": "NSE:NOSUCH"}]}""", 404, "no such instrument in the Kite master");
        await AssertRefused(host, key, """{"instruments": [{"token": 408065}, {"name": "NFO:NIFTY25DECFUT"}]}""", 400, "the contract expired on 2025-12-30");
        await AssertRefused(host, key, """{"instruments": [{"name": "NSE:INFY", "priceDecimals": 4}]}""", 400, "PriceDecimals 4 contradicts the master, which gives 2 (tick 0.05)");
        await AssertRefused(host, key, """{"instruments": [{"name": "NSE:INFY", "token": 1}]}""", 400, "Token 1 contradicts the master, which gives 408065");
        await AssertRefused(host, key, """{"instruments": [{"name": 5}]}""", 400, "must be a non-empty string");

        static async Task AssertRefused(ApiTestHost host, string key, string body, int status, string detail)
        {
            using HttpResponseMessage response = await Subscribe(host, key, body);
            Assert.Equal(status, (int)response.StatusCode);
            using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.EndsWith(".name", problem.RootElement.GetProperty("parameter").GetString(), StringComparison.Ordinal);
            Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> Subscribe(ApiTestHost host, string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/feeds/kite-sim/subscriptions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await host.Http.SendAsync(request);
    }
}
