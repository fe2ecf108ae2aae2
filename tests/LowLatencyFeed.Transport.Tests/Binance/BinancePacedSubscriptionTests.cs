using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport;
using LowLatencyFeed.TestSupport.Pacing;
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
    private static readonly Subscription[] s_all = [BinanceTestFeed.BtcUsdt, BinanceTestFeed.EthUsdt, BinanceTestFeed.BnbUsdt];

    /// <summary>Where <see cref="PacedChangeScenario.Changes"/> leave a feed that started with btcusdt in Quote mode.</summary>
    private static readonly (long Token, SubscriptionMode Mode)[] s_final = [(1, SubscriptionMode.Quote), (2, SubscriptionMode.Full), (3, SubscriptionMode.Full)];

    [Fact]
    public async Task Twenty_changes_at_once_go_out_paced_and_merged_and_all_take_effect()
    {
        await using PacedFeed feed = await PacedFeed.StartAsync(paced: true);

        // All twenty complete at once, the clock standing still: the session queues what the limit holds back.
        Assert.All(await feed.ChangeAllAsync(), outcome => Assert.Equal(SubscriptionChangeOutcome.Sent, outcome));
        await feed.Scenario.WaitForSimulatorAsync();
        Assert.True(feed.Session.Statistics.ControlMessagesDeferred > 0, "the limit held messages back");
        Assert.Equal(BinanceStreamLimits.ControlMessagesPerWindow, feed.Connection.ClientMessages.Count);

        // Move the clock until the simulator streams the final list, then a while longer: nothing more goes out.
        await feed.Scenario.SettleAsync(s_final);
        Assert.Single(feed.Server.Connections);
        Assert.Equal(1, feed.Session.Statistics.Connects);
        Assert.Equal(0, feed.Protocol.ErrorResponses);
    }

    [Fact]
    public async Task Unpaced_the_same_changes_break_the_limit_and_the_simulator_disconnects()
    {
        // The check above is only worth something if the simulator would catch a client that does not pace.
        await using PacedFeed feed = await PacedFeed.StartAsync(paced: false);
        await feed.ChangeAllAsync();
        await feed.Connection.Completion.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(1, feed.Connection.ClientMessageLimitViolations);
    }

    /// <summary>
    /// A session subscribed to btcusdt in Quote mode on the simulator, both reading one manual clock; with
    /// <c>paced</c> the session keeps Binance's limit, without it sends every change at once.
    /// </summary>
    private sealed class PacedFeed : IAsyncDisposable
    {
        private readonly SortedDictionary<long, SubscriptionMode> _current = new() { [1] = SubscriptionMode.Quote };
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        private PacedFeed(SimulatorServer server) => Server = server;

        public SimulatorServer Server { get; }

        public BinanceProtocol Protocol { get; private set; } = null!;

        public FeedSession Session { get; private set; } = null!;

        public SimulatorConnection Connection { get; private set; } = null!;

        public PacedChangeScenario Scenario { get; private set; } = null!;

        public static async Task<PacedFeed> StartAsync(bool paced)
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 15, 0, TimeSpan.Zero));
            (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(options: new SimulatorOptions { MessagesPerSecond = 500, ClientMessageClock = clock });
            var feed = new PacedFeed(server);
            feed.Protocol = new BinanceProtocol(feed.List(), new BinanceProtocolOptions { SynchronizeBooks = false });
            FeedSessionOptions options = BinanceTestFeed.SessionOptions(server);
            if (paced)
            {
                options = options with
                {
                    ControlMessageLimit = BinanceStreamLimits.ControlMessagesPerWindow,
                    ControlMessageWindow = BinanceStreamLimits.ControlMessageWindow,
                    ControlClock = clock,
                };
            }

            feed.Session = new FeedSession(feed.Protocol, feed.List(), options);
            var collector = new EventCollector();
            feed._run = feed.Session.RunAsync(new CollectingSink(collector), feed._stop.Token);
            await Eventually.WaitAsync(() => server.Connections.Count == 1 && server.Connections[0].ClientMessages.Count == 1, "connected and subscribed");

            // A change the decode loop takes before it decoded the connect is Pending (the Connected record brings the
            // connection up to date); market events show the loop is on the live connection, so every change is Sent.
            await Eventually.WaitAsync(() => collector.CountMarket() > 0, "the first market event decoded");
            feed.Connection = server.Connections[0];
            feed.Scenario = new PacedChangeScenario(clock, feed.Connection, feed.Session, (condition, what) => Eventually.WaitAsync(condition, what));
            return feed;
        }

        /// <summary>Makes every change of <see cref="PacedChangeScenario.Changes"/> in turn, each awaited, the clock standing still.</summary>
        public async Task<List<SubscriptionChangeOutcome>> ChangeAllAsync()
        {
            var outcomes = new List<SubscriptionChangeOutcome>();
            foreach ((int index, SubscriptionMode? mode) in PacedChangeScenario.Changes)
            {
                PacedChangeScenario.Apply(_current, s_all[index].Instrument.Token, mode);
                outcomes.Add(await Session.ChangeSubscriptionsAsync(List()));
            }

            return outcomes;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
            await Server.DisposeAsync();
        }

        private Subscription[] List() =>
            [.. _current.Select(c => s_all.Single(s => s.Instrument.Token == c.Key) with { Mode = c.Value })];
    }
}
