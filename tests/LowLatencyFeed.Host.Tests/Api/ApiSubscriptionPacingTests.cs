using System.Net;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport;
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

    /// <summary>Twenty changes, one instrument each (index into the simulated Binance instruments; null mode: unsubscribe).</summary>
    private static readonly (int Instrument, SubscriptionMode? Mode)[] s_changes =
    [
        (1, SubscriptionMode.Quote), (2, SubscriptionMode.Quote), (0, SubscriptionMode.Full), (1, SubscriptionMode.Ltp), (2, null),
        (2, SubscriptionMode.Full), (0, null), (1, SubscriptionMode.Full), (0, SubscriptionMode.Ltp), (2, SubscriptionMode.Quote),
        (1, null), (0, SubscriptionMode.Quote), (1, SubscriptionMode.Quote), (2, null), (0, SubscriptionMode.Full),
        (2, SubscriptionMode.Ltp), (1, SubscriptionMode.Full), (0, null), (0, SubscriptionMode.Quote), (2, SubscriptionMode.Full),
    ];

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

        // Every request is answered while the clock stands still: none waits for the pacing.
        foreach ((int index, SubscriptionMode? mode) in s_changes)
        {
            SimulatedInstrument instrument = instruments[index];
            using HttpResponseMessage response = mode is SubscriptionMode set
                ? await host.SubscribeAsync(set, instruments: instrument)
                : await host.UnsubscribeAsync(instruments: instrument);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
            using JsonDocument body = JsonDocument.Parse(text);
            Assert.Equal("sent", body.RootElement.GetProperty("applied").GetString());
            if (mode is SubscriptionMode kept)
            {
                expected[instrument.Token] = kept;
            }
            else
            {
                expected.Remove(instrument.Token);
            }
        }

        await WaitForSimulatorAsync(connection, session);
        Assert.True(session.Statistics.ControlMessagesDeferred > 0, "the limit held messages back");
        Assert.True(connection.ClientMessages.Count <= BinanceStreamLimits.ControlMessagesPerWindow, $"{connection.ClientMessages.Count} messages before the clock moved");

        // The simulator ends up streaming the final list; moving on further sends nothing more.
        (long Token, SubscriptionMode Mode)[] final = [.. expected.Select(e => (e.Key, e.Value))];
        for (int step = 0; !Matches(connection, final); step++)
        {
            Assert.True(step < 400, "the changes never all took effect");
            clock.Advance(BinanceStreamLimits.MinControlMessageInterval);
            await WaitForSimulatorAsync(connection, session);
        }

        long sent = session.Statistics.ControlMessagesSent;
        for (int i = 0; i < 8; i++)
        {
            clock.Advance(BinanceStreamLimits.MinControlMessageInterval);
            await WaitForSimulatorAsync(connection, session);
        }

        Assert.Equal(sent, session.Statistics.ControlMessagesSent);
        Assert.True(Matches(connection, final), "the simulator streams the final list");
        Assert.True(sent - 1 < s_changes.Length, $"{sent - 1} change messages for {s_changes.Length} changes: merged");
        Assert.Equal(0, connection.ClientMessageLimitViolations);
        Assert.Null(connection.EndReason);
        Assert.Single(simulator.Connections);

        // Each change is a control event in the journal, and the final instruments stream.
        await ApiSubscriptionTests.WaitAsync(
            () => host.JournalEvents().Count(e => e.Header.Kind == EventKind.Control && e.Control.Code is ControlCode.InstrumentSubscribed or ControlCode.InstrumentUnsubscribed or ControlCode.InstrumentModeChanged) == s_changes.Length,
            $"{s_changes.Length} subscription control events journaled");
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

    /// <summary>Whether the simulator streams exactly <paramref name="expected"/> (Binance modes as the simulator sees them).</summary>
    private static bool Matches(SimulatorConnection connection, IReadOnlyCollection<(long Token, SubscriptionMode Mode)> expected) =>
        connection.Subscriptions.Snapshot(out _).Length == expected.Count
        && expected.All(e => connection.Subscriptions.TryGetMode(e.Token, out SubscriptionMode mode) && mode == e.Mode);

    /// <summary>Waits until the simulator has received every control message the session sent.</summary>
    private static Task WaitForSimulatorAsync(SimulatorConnection connection, FeedSession session) =>
        ApiSubscriptionTests.WaitAsync(() => connection.ClientMessages.Count == session.Statistics.ControlMessagesSent, "the simulator has every message sent");
}
