using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>
/// Subscription changes on a live Binance connection are paced to the broker's 5 incoming messages a second
/// (Binance/README.md §2, §16): 20 changes made at once all complete without waiting, go out as fewer, merged
/// SUBSCRIBE/UNSUBSCRIBE messages at most <see cref="BinanceStreamLimits.ControlMessagesPerWindow"/> per window, and
/// all take effect at the simulator, which disconnects a client that sends faster. Both sides read one manual clock
/// the test moves, and the test moves it only once the simulator has every message the session sent, so the check
/// cannot depend on how loaded the machine is.
/// </summary>
public sealed class BinancePacedSubscriptionTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 7, 9, 15, 0, TimeSpan.Zero);

    /// <summary>Twenty changes, one instrument each: (token, mode), or (token, null) to unsubscribe it.</summary>
    internal static readonly (long Token, SubscriptionMode? Mode)[] Changes =
    [
        (2, SubscriptionMode.Quote), (3, SubscriptionMode.Quote), (1, SubscriptionMode.Full), (2, SubscriptionMode.Ltp), (3, null),
        (3, SubscriptionMode.Full), (1, null), (2, SubscriptionMode.Full), (1, SubscriptionMode.Ltp), (3, SubscriptionMode.Quote),
        (2, null), (1, SubscriptionMode.Quote), (2, SubscriptionMode.Quote), (3, null), (1, SubscriptionMode.Full),
        (3, SubscriptionMode.Ltp), (2, SubscriptionMode.Full), (1, null), (1, SubscriptionMode.Quote), (3, SubscriptionMode.Full),
    ];

    /// <summary>Where <see cref="Changes"/> leave a feed that started with btcusdt in Quote mode.</summary>
    internal static readonly (long Token, SubscriptionMode Mode)[] Final = [(1, SubscriptionMode.Quote), (2, SubscriptionMode.Full), (3, SubscriptionMode.Full)];

    [Fact]
    public async Task Twenty_changes_at_once_go_out_paced_and_merged_and_all_take_effect()
    {
        var clock = new ManualClock(s_start);
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(options: new SimulatorOptions { MessagesPerSecond = 500, ClientMessageClock = clock });
        await using SimulatorServer running = server;
        Subscription[] all = [BinanceTestFeed.BtcUsdt, BinanceTestFeed.EthUsdt, BinanceTestFeed.BnbUsdt];
        var current = new SortedDictionary<long, SubscriptionMode> { [1] = SubscriptionMode.Quote };
        var protocol = new BinanceProtocol(List(all, current), new BinanceProtocolOptions { SynchronizeBooks = false });
        var session = new FeedSession(protocol, List(all, current), BinanceTestFeed.SessionOptions(server) with
        {
            ControlMessageLimit = BinanceStreamLimits.ControlMessagesPerWindow,
            ControlMessageWindow = BinanceStreamLimits.ControlMessageWindow,
            ControlClock = clock,
        });
        var collector = new EventCollector();
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(collector), stop.Token);
        await Eventually.WaitAsync(() => server.Connections.Count == 1 && server.Connections[0].ClientMessages.Count == 1, "connected and subscribed");
        SimulatorConnection connection = server.Connections[0];

        // All twenty complete at once, the clock standing still: the session queues what the limit holds back.
        foreach ((long token, SubscriptionMode? mode) in Changes)
        {
            Apply(current, token, mode);
            Assert.Equal(SubscriptionChangeOutcome.Sent, await session.ChangeSubscriptionsAsync(List(all, current)));
        }

        await WaitForSimulatorAsync(connection, session);
        Assert.True(session.Statistics.ControlMessagesDeferred > 0, "the limit held messages back");
        Assert.Equal(BinanceStreamLimits.ControlMessagesPerWindow, connection.ClientMessages.Count);

        // Move the clock until the simulator streams the final list, then a while longer: nothing more goes out.
        await AdvanceUntilAsync(clock, connection, session, () => Matches(connection, Final));
        long sent = session.Statistics.ControlMessagesSent;
        for (int i = 0; i < 8; i++)
        {
            clock.Advance(BinanceStreamLimits.MinControlMessageInterval);
            await WaitForSimulatorAsync(connection, session);
        }

        Assert.Equal(sent, session.Statistics.ControlMessagesSent);
        Assert.True(Matches(connection, Final), "the simulator streams the final list");
        Assert.True(sent - 1 < Changes.Length, $"{sent - 1} change messages for {Changes.Length} changes: merged");
        Assert.Equal(0, connection.ClientMessageLimitViolations);
        Assert.Null(connection.EndReason);
        Assert.Single(server.Connections);
        Assert.Equal(1, session.Statistics.Connects);
        Assert.Equal(0, protocol.ErrorResponses);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Unpaced_the_same_changes_break_the_limit_and_the_simulator_disconnects()
    {
        // The check above is only worth something if the simulator would catch a client that does not pace.
        var clock = new ManualClock(s_start);
        (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(options: new SimulatorOptions { MessagesPerSecond = 500, ClientMessageClock = clock });
        await using SimulatorServer running = server;
        Subscription[] all = [BinanceTestFeed.BtcUsdt, BinanceTestFeed.EthUsdt, BinanceTestFeed.BnbUsdt];
        var current = new SortedDictionary<long, SubscriptionMode> { [1] = SubscriptionMode.Quote };
        var protocol = new BinanceProtocol(List(all, current), new BinanceProtocolOptions { SynchronizeBooks = false });
        var session = new FeedSession(protocol, List(all, current), BinanceTestFeed.SessionOptions(server));
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CollectingSink(new EventCollector()), stop.Token);
        await Eventually.WaitAsync(() => server.Connections.Count == 1 && server.Connections[0].ClientMessages.Count == 1, "connected and subscribed");
        SimulatorConnection connection = server.Connections[0];
        foreach ((long token, SubscriptionMode? mode) in Changes)
        {
            Apply(current, token, mode);
            await session.ChangeSubscriptionsAsync(List(all, current));
        }

        await connection.Completion.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(1, connection.ClientMessageLimitViolations);
        await stop.CancelAsync();
        await run;
    }

    internal static void Apply(IDictionary<long, SubscriptionMode> current, long token, SubscriptionMode? mode)
    {
        if (mode is SubscriptionMode set)
        {
            current[token] = set;
        }
        else
        {
            current.Remove(token);
        }
    }

    /// <summary>Whether the simulator streams exactly <paramref name="expected"/> (Binance modes as the simulator sees them).</summary>
    internal static bool Matches(SimulatorConnection connection, IReadOnlyCollection<(long Token, SubscriptionMode Mode)> expected)
    {
        (long Token, SubscriptionMode Mode)[] now = connection.Subscriptions.Snapshot(out _);
        return now.Length == expected.Count && expected.All(e => connection.Subscriptions.TryGetMode(e.Token, out SubscriptionMode mode) && mode == e.Mode);
    }

    private static Subscription[] List(Subscription[] all, SortedDictionary<long, SubscriptionMode> current) =>
        [.. current.Select(c => all.Single(s => s.Instrument.Token == c.Key) with { Mode = c.Value })];

    /// <summary>Waits until the simulator has received every control message the session sent.</summary>
    private static Task WaitForSimulatorAsync(SimulatorConnection connection, FeedSession session) =>
        Eventually.WaitAsync(() => connection.ClientMessages.Count == session.Statistics.ControlMessagesSent, "the simulator has every message sent");

    private static async Task AdvanceUntilAsync(ManualClock clock, SimulatorConnection connection, FeedSession session, Func<bool> done)
    {
        for (int step = 0; !done(); step++)
        {
            Assert.True(step < 400, "the changes never all took effect: the simulator streams "
                + string.Join(", ", connection.Subscriptions.Snapshot(out _).Select(s => $"{s.Token} {s.Mode}"))
                + $"; {session.Statistics.ControlMessagesSent} sent, {session.Statistics.ControlMessagesDeferred} deferred: "
                + string.Join(" | ", connection.ClientMessages.Select(m => m.Text)));
            await WaitForSimulatorAsync(connection, session);
            if (!done())
            {
                clock.Advance(BinanceStreamLimits.MinControlMessageInterval);
            }
        }
    }
}
