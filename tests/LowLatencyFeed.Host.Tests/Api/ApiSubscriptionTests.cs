using System.Net;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// <c>/api/feeds/{name}/subscriptions</c> against the simulator for every protocol: after a subscribe the new
/// instrument's events arrive; after an unsubscribe they stop. "Stopped" is proven with a marker, not a wait: the
/// unsubscribe is followed by the subscribe of a marker instrument on the same connection, the simulator handles client
/// messages in order, so every frame that carries the marker was built after the removal — no event of the removed
/// instrument may follow the marker's first event in the journal.
/// </summary>
public sealed class ApiSubscriptionTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-subs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("kite")]
    [InlineData("dhan")]
    [InlineData("dhan-depth20")]
    [InlineData("kotak")]
    [InlineData("kotak-hsm")]
    [InlineData("binance")]
    public async Task Subscribe_change_mode_and_unsubscribe_on_the_live_connection(string protocol)
    {
        await using SimulatorServer simulator = await StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, protocol);
        SimulatedInstrument configured = instruments[0], added = instruments[1], marker = instruments[2];
        SubscriptionMode mode = SubscriptionTestHost.InitialMode(protocol);
        await using var host = await SubscriptionTestHost.StartAsync(simulator, protocol, [configured], _directory);
        await WaitForMarketEventsAsync(host, configured, 1);
        int connections = simulator.Connections.Count;

        // Subscribe: sent on the live connection (no reconnect), announced in the journal, and its data arrives.
        using (HttpResponseMessage response = await host.SubscribeAsync(mode, instruments: added))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("sent", body.RootElement.GetProperty("applied").GetString());
            Assert.Equal([Id(added)], body.RootElement.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(2, body.RootElement.GetProperty("subscriptions").GetArrayLength());
        }

        await WaitForMarketEventsAsync(host, added, 3);
        List<MarketEvent> events = host.JournalEvents();
        int announced = events.FindIndex(e => IsControl(e, ControlCode.InstrumentSubscribed, added));
        Assert.True(announced >= 0, "no InstrumentSubscribed control event");
        Assert.Equal((int)mode, events[announced].Control.Reason);
        Assert.Equal(added.PriceDecimals, events[announced].Header.PriceDecimals);
        Assert.True(events.FindIndex(e => IsMarket(e, added)) > announced, "data of the new instrument came before its control event");

        // Mode change (the depth feeds have one mode): the simulator streams the instrument in the new mode.
        if (!protocol.StartsWith("dhan-depth", StringComparison.Ordinal))
        {
            using HttpResponseMessage response = await host.SubscribeAsync(SubscriptionMode.Full, instruments: added);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await WaitAsync(() => SubscriptionTestHost.LiveConnection(simulator, protocol)!.Subscriptions.TryGetMode(added.Token, out SubscriptionMode now) && now == SubscriptionMode.Full, "the simulator streams the new mode");
            await WaitAsync(() => host.JournalEvents().Any(e => IsControl(e, ControlCode.InstrumentModeChanged, added)), "the mode change in the journal");
            MarketEvent changed = host.JournalEvents().Single(e => IsControl(e, ControlCode.InstrumentModeChanged, added));
            Assert.Equal(((int)SubscriptionMode.Full, (long)mode), (changed.Control.Reason, changed.Control.Argument0));
        }

        // Unsubscribe, then subscribe the marker; the removed instrument never follows the marker's first event.
        using (HttpResponseMessage response = await host.UnsubscribeAsync(instruments: configured))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (HttpResponseMessage response = await host.SubscribeAsync(mode, instruments: marker))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await WaitAsync(() => AfterFirst(host.JournalEvents(), marker).Count(e => IsMarket(e, added)) >= 3, "the kept instrument streams on after the marker");
        events = host.JournalEvents();
        Assert.DoesNotContain(AfterFirst(events, marker), e => IsMarket(e, configured));
        Assert.Contains(events, e => IsControl(e, ControlCode.InstrumentUnsubscribed, configured));
        Assert.False(SubscriptionTestHost.LiveConnection(simulator, protocol)!.Subscriptions.TryGetMode(configured.Token, out _));
        Assert.Equal(connections, simulator.Connections.Count);
        Assert.True(host.Host.Engine.Feeds[0].Diagnostics.TotalErrors == 0, host.Host.Engine.Feeds[0].Diagnostics.LastMessage);

        using JsonDocument list = JsonDocument.Parse(await host.Http.GetStringAsync($"api/feeds/{protocol}/subscriptions"));
        Assert.Equal([Id(added), Id(marker)], list.RootElement.EnumerateArray().Select(e => e.GetProperty("instrument").GetString()));
    }

    [Fact]
    public async Task The_200_level_feed_opens_a_connection_per_new_instrument_up_to_the_brokers_five()
    {
        const string protocol = "dhan-depth200";
        await using SimulatorServer simulator = await StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, protocol);
        await using var host = await SubscriptionTestHost.StartAsync(simulator, protocol, [instruments[0]], _directory);
        await WaitForMarketEventsAsync(host, instruments[0], 1);
        int connectionsAtStart = simulator.Connections.Count(c => c.Path == "/dhan/depth200");

        // One instrument per 200-level connection: the second fits on none, so a second connection is opened for it
        // (split as at start) and both stream, each on its own simulator connection.
        Assert.Equal(HttpStatusCode.OK, (await host.SubscribeAsync(SubscriptionMode.Depth200, instruments: instruments[1])).StatusCode);
        Assert.Equal(["dhan-depth200", "dhan-depth200#2"], host.Host.Engine.Feeds.Select(f => f.Name));
        await WaitAsync(() => AfterFirst(host.JournalEvents(), instruments[1]).Count(e => IsMarket(e, instruments[1])) >= 3, "the new instrument streams on the new connection");
        await WaitForMarketEventsAsync(host, instruments[0], 5);
        Assert.Equal(connectionsAtStart + 1, simulator.Connections.Count(c => c.Path == "/dhan/depth200"));
        Assert.True(simulator.Connections.Last(c => c.Path == "/dhan/depth200").Subscriptions.TryGetMode(instruments[1].Token, out _));
        using (JsonDocument list = JsonDocument.Parse(await host.Http.GetStringAsync($"api/feeds/{protocol}/subscriptions")))
        {
            Assert.Equal(
                [(Id(instruments[0]), "dhan-depth200"), (Id(instruments[1]), "dhan-depth200#2")],
                list.RootElement.EnumerateArray().Select(e => (e.GetProperty("instrument").GetString(), e.GetProperty("connection").GetString())));
        }

        // Up to the broker's five connections (three more, no data for these tokens), then a refusal naming the limit.
        SimulatedInstrument[] padding = [.. Enumerable.Range(900_001, 4).Select(t => instruments[0] with { Token = t })];
        Assert.Equal(HttpStatusCode.OK, (await host.SubscribeAsync(SubscriptionMode.Depth200, instruments: padding[..3])).StatusCode);
        Assert.Equal(5, host.Host.Engine.Feeds.Count);
        await AssertProblemAsync(await host.SubscribeAsync(SubscriptionMode.Depth200, instruments: padding[3]), HttpStatusCode.Conflict, "instruments", "all 5 connections");
        Assert.Equal(5, host.Host.Engine.Feeds.Count);
    }

    [Fact]
    public async Task A_new_instrument_goes_on_the_first_connection_with_room_as_at_start()
    {
        const string protocol = "dhan-depth20";
        await using SimulatorServer simulator = await StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, protocol);

        // 51 instruments split 50 + 1 at start (50 per 20-level connection); the 50 padding ones get no data.
        SimulatedInstrument[] configured = [instruments[0], .. Enumerable.Range(900_001, 50).Select(t => instruments[0] with { Token = t })];
        await using var host = await SubscriptionTestHost.StartAsync(simulator, protocol, configured, _directory);
        Assert.Equal(["dhan-depth20#1", "dhan-depth20#2"], host.Host.Engine.Feeds.Select(f => f.Name));
        await WaitForMarketEventsAsync(host, instruments[0], 1);

        Assert.Equal(HttpStatusCode.OK, (await host.SubscribeAsync(SubscriptionMode.Depth20, instruments: instruments[1])).StatusCode);
        using JsonDocument list = JsonDocument.Parse(await host.Http.GetStringAsync($"api/feeds/{protocol}/subscriptions"));
        JsonElement placed = list.RootElement.EnumerateArray().Single(e => e.GetProperty("instrument").GetString() == Id(instruments[1]));
        Assert.Equal("dhan-depth20#2", placed.GetProperty("connection").GetString());
        await WaitForMarketEventsAsync(host, instruments[1], 3);
    }

    [Fact]
    public async Task Binance_refuses_a_bad_or_taken_symbol_with_the_field_named_and_counted_and_streams_on()
    {
        await using SimulatorServer simulator = await StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, "binance");
        SimulatedInstrument configured = instruments[0];
        await using var host = await SubscriptionTestHost.StartAsync(simulator, "binance", [configured], _directory);
        await WaitForMarketEventsAsync(host, configured, 1);
        long badRequests = host.Host.Api.Counters.BadRequests;
        string path = "api/feeds/binance/subscriptions";

        // Binance/README.md §16: a symbol is 1 to 20 of A-Z, 0-9, '-', '_', '.'; it names the streams (btcusdt@trade).
        await AssertProblemAsync(await host.SubscribeAsync(SubscriptionMode.Quote, instruments: instruments[1] with { Symbol = "BTC/USDT@trade" }), HttpStatusCode.BadRequest, "instruments[0].symbol", "is not a Binance symbol");
        await AssertProblemAsync(
            await host.SendAsync(HttpMethod.Post, path, "{\"instruments\": [{\"token\": 77, \"symbol\": \"ETHUSDT\", \"mode\": \"Quote\"}, {\"token\": 78, \"mode\": \"Quote\"}]}", SubscriptionTestHost.OperateKey),
            HttpStatusCode.BadRequest, "instruments[1].symbol", "needs its 'symbol'");
        await AssertProblemAsync(await host.SubscribeAsync(SubscriptionMode.Quote, instruments: instruments[1] with { Symbol = new string('A', 21) }), HttpStatusCode.BadRequest, "instruments[0].symbol", "1 to 20");
        Assert.Equal(badRequests + 3, host.Host.Api.Counters.BadRequests);

        // Another instrument cannot take a subscribed symbol: the decoder would not know whose a message is.
        await AssertProblemAsync(await host.SubscribeAsync(SubscriptionMode.Quote, instruments: instruments[1] with { Symbol = configured.Symbol.ToLowerInvariant() }), HttpStatusCode.Conflict, "instruments[0].symbol", "already");

        // Nothing was sent or changed; the feed streams on and still takes a good subscription.
        Assert.Equal([Id(configured)], FeedSubscriptionList(await host.Http.GetStringAsync(path)));
        Assert.Single(SubscriptionTestHost.LiveConnection(simulator, "binance")!.ClientMessages);
        int seen = host.JournalEvents().Count(e => IsMarket(e, configured));
        await WaitForMarketEventsAsync(host, configured, seen + 3);
        Assert.Equal(HttpStatusCode.OK, (await host.SubscribeAsync(SubscriptionMode.Quote, instruments: instruments[1])).StatusCode);
        await WaitForMarketEventsAsync(host, instruments[1], 3);
        Assert.Equal(0, host.Host.Engine.Feeds[0].Diagnostics.TotalErrors);
    }

    private static List<string?> FeedSubscriptionList(string json)
    {
        using JsonDocument list = JsonDocument.Parse(json);
        return [.. list.RootElement.EnumerateArray().Select(e => e.GetProperty("instrument").GetString())];
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_field_the_key_or_the_limit_named()
    {
        const string protocol = "dhan-depth20";
        await using SimulatorServer simulator = await StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, protocol);
        await using var host = await SubscriptionTestHost.StartAsync(simulator, protocol, [instruments[0]], _directory);
        string path = $"api/feeds/{protocol}/subscriptions";

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.SubscribeAsync(SubscriptionMode.Depth20, key: null, instruments[1])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.UnsubscribeAsync(key: null, instruments[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SubscribeAsync(SubscriptionMode.Depth20, SubscriptionTestHost.ReadKey, instruments[1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.UnsubscribeAsync(SubscriptionTestHost.ReadKey, instruments[0])).StatusCode);
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, "api/feeds/nope/subscriptions", "{}", SubscriptionTestHost.OperateKey), HttpStatusCode.NotFound, "name", "nope");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Get, "api/feeds/nope/subscriptions", null, null), HttpStatusCode.NotFound, "name", "nope");

        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, path, "{\"instruments\": [", SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "body", "not JSON");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, path, "{\"tokens\": []}", SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "instruments", "instruments");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, path, "{\"instruments\": [{\"token\": \"x\"}]}", SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "instruments[0].token", "token");
        await AssertProblemAsync(
            await host.SendAsync(HttpMethod.Post, path, "{\"instruments\": [{\"token\": 5, \"segment\": \"NSE_EQ\", \"mode\": \"Depth20\"}, {\"token\": 6, \"mode\": \"sideways\"}]}", SubscriptionTestHost.OperateKey),
            HttpStatusCode.BadRequest, "instruments[1].mode", "Depth200");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, path, "{\"instruments\": [{\"token\": 5, \"segment\": \"NSE_EQ\", \"mode\": \"Full\"}]}", SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "instruments[0].mode", "Depth20");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, path, "{\"instruments\": [{\"token\": 5, \"segment\": \"MARS_EQ\", \"mode\": \"Depth20\"}]}", SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "instruments[0].segment", "MARS_EQ");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Delete, path + "?instrument=abc", null, SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "instrument", "abc");
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Delete, path, null, SubscriptionTestHost.OperateKey), HttpStatusCode.BadRequest, "instrument", "instrument=");
        await AssertProblemAsync(await host.UnsubscribeAsync(instruments: instruments[1]), HttpStatusCode.NotFound, "instrument", Id(instruments[1]));

        // 50 instruments per 20-level connection and 5 connections: one configured plus 250 new is one too many, and nothing changes.
        string tooMany = JsonSerializer.Serialize(new { instruments = Enumerable.Range(100_001, 250).Select(t => new { token = t, segment = "NSE_EQ", mode = "Depth20" }) });
        await AssertProblemAsync(await host.SendAsync(HttpMethod.Post, path, tooMany, SubscriptionTestHost.OperateKey), HttpStatusCode.Conflict, "instruments", "all 5 connections");
        Assert.Single(host.Host.Engine.Feeds);
        using JsonDocument list = JsonDocument.Parse(await host.Http.GetStringAsync(path));
        Assert.Equal([Id(instruments[0])], list.RootElement.EnumerateArray().Select(e => e.GetProperty("instrument").GetString()));
        Assert.True(host.Host.Api.Counters.Unauthorized >= 2);
    }

    internal static async Task<SimulatorServer> StartSimulatorAsync() =>
        await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 400 }, NullLoggerFactory.Instance, CancellationToken.None);

    internal static string Id(SimulatedInstrument instrument) => InstrumentId.From(instrument.Feed, instrument.Token).ToString();

    internal static bool IsMarket(in MarketEvent e, SimulatedInstrument instrument) =>
        e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth && e.Header.Instrument == InstrumentId.From(instrument.Feed, instrument.Token);

    internal static async Task WaitAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + s_deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting: {what}");
            await Task.Delay(25);
        }
    }

    internal static Task WaitForMarketEventsAsync(SubscriptionTestHost host, SimulatedInstrument instrument, int count) =>
        WaitAsync(() => host.JournalEvents().Count(e => IsMarket(e, instrument)) >= count, $"{count} events of {Id(instrument)}");

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string parameter, string detailContains)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using JsonDocument problem = JsonDocument.Parse(text);
            Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
            Assert.Contains(detailContains, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static bool IsControl(in MarketEvent e, ControlCode code, SimulatedInstrument instrument) =>
        e.Header.Kind == EventKind.Control && e.Control.Code == code && e.Header.Instrument == InstrumentId.From(instrument.Feed, instrument.Token);

    private static IEnumerable<MarketEvent> AfterFirst(List<MarketEvent> events, SimulatedInstrument marker)
    {
        int first = events.FindIndex(e => IsMarket(e, marker));
        return first < 0 ? [] : events.Skip(first);
    }
}
