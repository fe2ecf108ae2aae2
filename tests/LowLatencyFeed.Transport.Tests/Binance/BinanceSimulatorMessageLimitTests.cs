using System.Net.WebSockets;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests.Binance;

/// <summary>
/// The simulated Binance server enforces the broker's limit of 5 incoming messages per second per connection
/// (Binance/README.md §2): a sixth within one second disconnects the client (1008, policy violation) and is counted,
/// while 5 a second for ever is fine. Time is a manual clock the test moves, so the verdict never depends on load.
/// </summary>
public sealed class BinanceSimulatorMessageLimitTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 7, 9, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_sixth_message_within_one_second_is_disconnected_with_1008_and_counted()
    {
        await using var link = await RawLink.ConnectAsync();

        // Five within 400 ms are answered.
        await link.SendAnsweredAsync(count: 5, every: TimeSpan.FromMilliseconds(100));

        // The sixth, 900 ms after the first: not answered; the server closes the connection.
        link.Clock.AdvanceTo(s_start.AddMilliseconds(900));
        await link.Socket.SendAsync(Encoding.UTF8.GetBytes("""{"method":"LIST_SUBSCRIPTIONS","id":6}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        WebSocketReceiveResult result = await link.Socket.ReceiveAsync(new byte[4096], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, link.Socket.CloseStatus);
        Assert.Contains("more than 5 client messages in one second", link.Socket.CloseStatusDescription, StringComparison.Ordinal);

        SimulatorConnection connection = link.Server.Connections.Single();
        await connection.Completion.WaitAsync(timeout.Token);
        Assert.Equal(1, connection.ClientMessageLimitViolations);
        Assert.Contains("the broker's limit", connection.EndReason, StringComparison.Ordinal);
        Assert.Equal(6, connection.ClientMessages.Count);
    }

    [Fact]
    public async Task Five_messages_a_second_for_ever_are_all_answered()
    {
        await using var link = await RawLink.ConnectAsync();

        // One every 200 ms: any second holds exactly five.
        await link.SendAnsweredAsync(count: 20, every: TimeSpan.FromMilliseconds(200));

        await link.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(0, link.Server.Connections.Single().ClientMessageLimitViolations);
    }

    /// <summary>A simulator whose Binance limit reads a manual clock standing at <see cref="s_start"/>, and a raw client connected to its stream.</summary>
    private sealed class RawLink : IAsyncDisposable
    {
        private RawLink(ManualClock clock, SimulatorServer server, ClientWebSocket socket) => (Clock, Server, Socket) = (clock, server, socket);

        public ManualClock Clock { get; }

        public SimulatorServer Server { get; }

        public ClientWebSocket Socket { get; }

        public static async Task<RawLink> ConnectAsync()
        {
            var clock = new ManualClock(s_start);
            (SimulatorServer server, _) = await BinanceTestFeed.StartAsync(options: new SimulatorOptions { ClientMessageClock = clock });
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(server.GetFeedUri(FeedKind.Binance), CancellationToken.None);
            return new RawLink(clock, server, socket);
        }

        /// <summary>Sends <paramref name="count"/> LIST_SUBSCRIPTIONS (ids from 1), each answered, the clock moving on by <paramref name="every"/> after each.</summary>
        public async Task SendAnsweredAsync(int count, TimeSpan every)
        {
            for (int id = 1; id <= count; id++)
            {
                Assert.Equal($$"""{"result":[],"id":{{id}}}""", await BinanceSimulatorWireTests.RoundTripAsync(Socket, $$"""{"method":"LIST_SUBSCRIPTIONS","id":{{id}}}"""));
                Clock.Advance(every);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Socket.Dispose();
            await Server.DisposeAsync();
        }
    }
}
