using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// An instrument first subscribed at runtime (<c>POST /api/feeds/{name}/subscriptions</c>) is known to the instrument
/// catalog, the live stream and the history endpoints like a configured one; after an unsubscribe, and after a
/// restart that no longer subscribes it, it stays resolvable for its history. Each check is made before the subscribe
/// too, so the test fails when the catalog ignores runtime subscriptions.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiRuntimeInstrumentTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-runtime-instrument-").FullName;

    public ApiRuntimeInstrumentTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_instrument_subscribed_at_runtime_is_found_streamed_and_served_and_stays_found_after_unsubscribe_and_restart()
    {
        const string protocol = "kite";
        string connectionString = _postgres.CreateDatabase("runtime_instrument");
        await using SimulatorServer simulator = await ApiSubscriptionTests.StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, protocol);
        SimulatedInstrument configured = instruments[0], added = instruments[1];
        string id = ApiSubscriptionTests.Id(added);

        await using (var host = await SubscriptionTestHost.StartAsync(simulator, protocol, [configured], _directory, connectionString))
        {
            await ApiSubscriptionTests.WaitForMarketEventsAsync(host, configured, 1);

            // Not subscribed yet: unknown everywhere.
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"api/instruments/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"api/bars?instrument={id}&timeframe=1m")).StatusCode);
            using (ClientWebSocket early = await ConnectAsync(host))
            {
                await SendAsync(early, $$$"""{"subscribe": {"channels": ["ticks"], "instruments": ["{{{id}}}"]}}""");
                JsonElement refused = await ReceiveAsync(early);
                Assert.Equal("error", refused.GetProperty("type").GetString());
                Assert.Contains("unknown instrument", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            using (HttpResponseMessage response = await host.SubscribeAsync(SubscriptionMode.Quote, instruments: added))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using (JsonDocument info = JsonDocument.Parse(await host.Http.GetStringAsync($"api/instruments/{id}")))
            {
                Assert.Equal(id, info.RootElement.GetProperty("id").GetString());
                Assert.Equal(protocol, info.RootElement.GetProperty("feed").GetString());
                Assert.Equal(added.Token, info.RootElement.GetProperty("token").GetInt64());
                Assert.Equal("Quote", info.RootElement.GetProperty("mode").GetString());
                Assert.Equal(added.PriceDecimals, info.RootElement.GetProperty("priceDecimals").GetInt32());
            }

            // The stream acknowledges a subscription to it and delivers its ticks.
            using (ClientWebSocket client = await ConnectAsync(host))
            {
                await SendAsync(client, $$$"""{"subscribe": {"channels": ["ticks"], "instruments": ["{{{id}}}"]}}""");
                JsonElement ack = await ReceiveAsync(client);
                Assert.Equal("subscribed", ack.GetProperty("type").GetString());
                Assert.Equal(1, ack.GetProperty("instruments").GetInt32());
                int ticks = 0;
                while (ticks < 3)
                {
                    JsonElement message = await ReceiveAsync(client);
                    if (message.GetProperty("type").GetString() == "tick")
                    {
                        Assert.Equal(id, message.GetProperty("instrument").GetString());
                        ticks++;
                    }
                }
            }

            await AssertBarsServedAsync(host, id);

            // Unsubscribed: its stored rows remain, so it stays resolvable, with no mode.
            using (HttpResponseMessage response = await host.UnsubscribeAsync(instruments: added))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await AssertKnownWithoutModeAsync(host, id);
            await AssertBarsServedAsync(host, id);
        }

        // A restart applies the kept unsubscribe: the feed no longer subscribes it, the catalog still knows it.
        await using (var restarted = await SubscriptionTestHost.StartAsync(simulator, protocol, [configured], _directory, connectionString))
        {
            await AssertKnownWithoutModeAsync(restarted, id);
            await AssertBarsServedAsync(restarted, id);
            using JsonDocument list = JsonDocument.Parse(await restarted.Http.GetStringAsync($"api/feeds/{protocol}/subscriptions"));
            Assert.Equal([ApiSubscriptionTests.Id(configured)], list.RootElement.EnumerateArray().Select(e => e.GetProperty("instrument").GetString()));
        }
    }

    private static async Task AssertKnownWithoutModeAsync(SubscriptionTestHost host, string id)
    {
        using JsonDocument info = JsonDocument.Parse(await host.Http.GetStringAsync($"api/instruments/{id}"));
        Assert.Equal(id, info.RootElement.GetProperty("id").GetString());
        Assert.Equal("", info.RootElement.GetProperty("mode").GetString());
    }

    private static async Task AssertBarsServedAsync(SubscriptionTestHost host, string id)
    {
        using HttpResponseMessage bars = await host.Http.GetAsync($"api/bars?instrument={id}&timeframe=1m");
        string text = await bars.Content.ReadAsStringAsync();
        Assert.True(bars.StatusCode == HttpStatusCode.OK, $"{bars.StatusCode}: {text}");
        using JsonDocument body = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
    }

    private static async Task<ClientWebSocket> ConnectAsync(SubscriptionTestHost host)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri(host.Host.ApiAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/stream"), CancellationToken.None);
        return client;
    }

    private static Task SendAsync(ClientWebSocket client, string text) =>
        client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket client)
    {
        using var timeout = new CancellationTokenSource(s_deadline);
        var buffer = new byte[1 << 16];
        int length = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result = await client.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.True(result.MessageType != WebSocketMessageType.Close, $"closed: {client.CloseStatusDescription}");
            length += result.Count;
            if (result.EndOfMessage)
            {
                using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, length));
                return document.RootElement.Clone();
            }
        }
    }
}
