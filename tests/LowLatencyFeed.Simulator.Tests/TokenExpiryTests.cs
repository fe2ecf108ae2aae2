using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Simulator.Tests;

/// <summary><see cref="SimulatorServer.ExpireToken"/>: an open session with the token is closed, later handshakes are refused.</summary>
public sealed class TokenExpiryTests
{
    [Fact]
    public async Task An_expired_token_closes_its_open_session_with_1008_and_refuses_the_next_handshake_with_403()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 100 }, NullLoggerFactory.Instance, CancellationToken.None);
        using var expiring = new ClientWebSocket();
        using var other = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await expiring.ConnectAsync(simulator.GetFeedUri("/kite", "?api_key=sim-api-key&access_token=day-1"), timeout.Token);
        await other.ConnectAsync(simulator.GetFeedUri("/kite", "?api_key=sim-api-key&access_token=day-1-other"), timeout.Token);
        while (simulator.Connections.Count < 2)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(1, simulator.ExpireToken("day-1"));

        // Read until the close frame: whatever market data was in flight first.
        byte[] buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await expiring.ReceiveAsync(buffer, timeout.Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, expiring.CloseStatus);
        Assert.Contains("expired", expiring.CloseStatusDescription, StringComparison.Ordinal);
        SimulatorConnection closed = simulator.Connections.Single(c => c.QueryString.Contains("access_token=day-1&", StringComparison.Ordinal) || c.QueryString.EndsWith("access_token=day-1", StringComparison.Ordinal));
        await closed.Completion.WaitAsync(timeout.Token);
        Assert.True(closed.EndedByTokenExpiry);
        Assert.Equal("token expired", closed.EndReason);

        // The other token's session streams on.
        Assert.Equal(WebSocketState.Open, other.State);
        Assert.Null(simulator.Connections.Single(c => c.QueryString.Contains("day-1-other", StringComparison.Ordinal)).EndReason);

        using var again = new ClientWebSocket();
        again.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => again.ConnectAsync(simulator.GetFeedUri("/kite", "?api_key=sim-api-key&access_token=day-1"), timeout.Token));
        Assert.Equal(HttpStatusCode.Forbidden, again.HttpStatusCode);
        Assert.Equal(1, simulator.RefusedHandshakes);
        Assert.Equal(0, simulator.ExpireToken("day-1"));
    }
}
