using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Host.Tests.Api;

public sealed class ApiFeedTests
{
    private const string OperateKey = "op-7f3a9c";
    private const string ReadKey = "rd-51b2e0";

    [Fact]
    public async Task Feeds_report_state_counters_and_subscriptions_and_stop_and_start_with_an_operate_key()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 100, configure: WithKeys);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement feed;
        while (true)
        {
            using JsonDocument feeds = await ApiHistoryTests.GetJson(host, "api/feeds");
            feed = Assert.Single(feeds.RootElement.EnumerateArray()).Clone();
            if (feed.GetProperty("state").GetString() == "streaming" && feed.GetProperty("events").GetInt64() > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"feed never streamed: {feed}");
            await Task.Delay(20);
        }

        Assert.Equal("kite-sim", feed.GetProperty("name").GetString());
        Assert.Equal("kite", feed.GetProperty("protocol").GetString());
        Assert.Equal(
            host.Instruments.Select(i => $"Kite:{i.Token}"),
            feed.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetString()));

        using (var stop = await Post(host, "api/feeds/kite-sim/stop", OperateKey))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            using JsonDocument stopped = JsonDocument.Parse(await stop.Content.ReadAsStringAsync());
            Assert.Equal("stopped", stopped.RootElement.GetProperty("state").GetString());
        }

        Assert.False(host.Host.Engine.Feeds[0].IsConnected);
        using (var again = await Post(host, "api/feeds/kite-sim/stop", OperateKey))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        int connectionsBefore = host.Simulator.Connections.Count;
        using (var start = await Post(host, "api/feeds/KITE-SIM/start", OperateKey))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        // A new connection reaches the simulator and streams again.
        while (host.Simulator.Connections.Count == connectionsBefore || !host.Host.Engine.Feeds[0].IsConnected)
        {
            Assert.True(DateTime.UtcNow < deadline, "the feed did not reconnect after start");
            await Task.Delay(20);
        }

        using var unknown = await Post(host, "api/feeds/nope/stop", OperateKey);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Operate_endpoints_need_an_operate_key_and_unknown_keys_are_refused()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, configure: WithKeys);
        using (var none = await Post(host, "api/feeds/kite-sim/stop", key: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(OperateKey, await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = await Post(host, "api/feeds/kite-sim/stop", "not-a-key"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var read = await Post(host, "api/feeds/kite-sim/stop", ReadKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        // Read endpoints are open on this (loopback) host, but a presented unknown key is still refused.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/feeds")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/feeds");
        request.Headers.Add("X-Api-Key", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(request)).StatusCode);
        Assert.True(host.Host.Engine.IsRunning(host.Host.Engine.Feeds[0]));
        Assert.Equal((3, 1), (host.Host.Api.Counters.Unauthorized, host.Host.Api.Counters.Forbidden));
    }

    [Fact]
    public async Task Without_any_configured_key_operate_endpoints_stay_closed_and_read_keys_can_be_required()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, configure: o =>
        {
            o.Api.RequireKeyForRead = true;
            o.Api.Keys.Add(new ApiKeyOptions { Name = "dashboard", Key = ReadKey, Role = "read" });
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("api/feeds")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/feeds");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadKey);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(request)).StatusCode);
        using var stop = await Post(host, "api/feeds/kite-sim/stop", ReadKey);
        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
    }

    private static void WithKeys(FeedHostOptions options)
    {
        options.Api.Keys.Add(new ApiKeyOptions { Name = "ops", Key = OperateKey, Role = "operate" });
        options.Api.Keys.Add(new ApiKeyOptions { Name = "dashboard", Key = ReadKey, Role = "read" });
    }

    private static async Task<HttpResponseMessage> Post(ApiTestHost host, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await host.Http.SendAsync(request);
    }
}
