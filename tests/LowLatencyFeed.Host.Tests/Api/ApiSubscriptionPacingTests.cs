using System.Net;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport;
using LowLatencyFeed.TestSupport.Pacing;
using LowLatencyFeed.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// Twenty rapid subscription changes through <c>/api/feeds/{name}/subscriptions</c> on a Binance feed: each request is
/// answered at once (200, <c>applied: sent</c>) while the clock stands still, the feed sends them paced to Binance's
/// 5 incoming messages a second and merged (Binance/README.md §2, §16), and all take effect at the simulator — which
/// disconnects a client sending faster (<c>BinanceSimulatorMessageLimitTests</c>) and reports no violation. The
/// session and the simulator read one manual clock, moved only once the simulator has every message sent.
/// </summary>
public sealed class ApiSubscriptionPacingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-pacing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Twenty_rapid_binance_changes_are_answered_at_once_then_paced_merged_and_all_take_effect()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 15, 0, TimeSpan.Zero));
        await using SimulatorServer simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { MessagesPerSecond = 400, ClientMessageClock = clock }, NullLoggerFactory.Instance, CancellationToken.None);
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, "binance");
        await using var host = await SubscriptionTestHost.StartAsync(simulator, "binance", [instruments[0]], _directory, controlClock: clock);
        await ApiSubscriptionTests.WaitForMarketEventsAsync(host, instruments[0], 1);
        FeedSession session = ((SessionFeedRunner)host.Host.Engine.Feeds[0]).Session;
        SimulatorConnection connection = SubscriptionTestHost.LiveConnection(simulator, "binance")!;
        var expected = new Dictionary<long, SubscriptionMode> { [instruments[0].Token] = SubscriptionTestHost.InitialMode("binance") };
        var scenario = new PacedChangeScenario(clock, connection, session, ApiSubscriptionTests.WaitAsync);

        // Every request is answered while the clock stands still: none waits for the pacing.
        foreach ((int index, SubscriptionMode? mode) in PacedChangeScenario.Changes)
        {
            SimulatedInstrument instrument = instruments[index];
            using HttpResponseMessage response = mode is SubscriptionMode set
                ? await host.SubscribeAsync(set, instruments: instrument)
                : await host.UnsubscribeAsync(instruments: instrument);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
            using JsonDocument body = JsonDocument.Parse(text);
            Assert.Equal("sent", body.RootElement.GetProperty("applied").GetString());
            PacedChangeScenario.Apply(expected, instrument.Token, mode);
        }

        await scenario.WaitForSimulatorAsync();
        Assert.True(session.Statistics.ControlMessagesDeferred > 0, "the limit held messages back");
        Assert.True(connection.ClientMessages.Count <= BinanceStreamLimits.ControlMessagesPerWindow, $"{connection.ClientMessages.Count} messages before the clock moved");

        // The simulator ends up streaming the final list; moving on further sends nothing more.
        await scenario.SettleAsync([.. expected.Select(e => (e.Key, e.Value))]);
        Assert.Single(simulator.Connections);

        // Each change is a control event in the journal, and the final instruments stream.
        await ApiSubscriptionTests.WaitAsync(
            () => host.JournalEvents().Count(e => e.Header.Kind == EventKind.Control && e.Control.Code is ControlCode.InstrumentSubscribed or ControlCode.InstrumentUnsubscribed or ControlCode.InstrumentModeChanged) == PacedChangeScenario.Changes.Length,
            $"{PacedChangeScenario.Changes.Length} subscription control events journaled");
        foreach (SimulatedInstrument instrument in instruments)
        {
            int seen = host.JournalEvents().Count(e => ApiSubscriptionTests.IsMarket(e, instrument));
            await ApiSubscriptionTests.WaitForMarketEventsAsync(host, instrument, seen + 3);
        }

        using JsonDocument list = JsonDocument.Parse(await host.Http.GetStringAsync("api/feeds/binance/subscriptions"));
        Assert.Equal(
            expected.Select(e => (ApiSubscriptionTests.Id(instruments.Single(i => i.Token == e.Key)), e.Value.ToString())).OrderBy(e => e.Item1, StringComparer.Ordinal),
            list.RootElement.EnumerateArray().Select(e => (e.GetProperty("instrument").GetString()!, e.GetProperty("mode").GetString()!)).OrderBy(e => e.Item1, StringComparer.Ordinal));
        Assert.Equal(0, host.Host.Engine.Feeds[0].Diagnostics.TotalErrors);
    }
}
