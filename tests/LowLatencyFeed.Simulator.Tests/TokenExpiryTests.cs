using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
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

    [Fact]
    public async Task A_refused_handshake_answers_in_each_brokers_own_error_shape()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 100 }, NullLoggerFactory.Instance, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        simulator.RevokeToken("revoked-1");

        // Kite (Kite/README.md error envelope): 403, status "error", error_type TokenException.
        (int kiteStatus, JsonElement kite) = await RefusedHandshakeAsync(simulator, "/kite?api_key=sim-api-key&access_token=revoked-1", timeout.Token);
        Assert.Equal(403, kiteStatus);
        Assert.Equal("error", kite.GetProperty("status").GetString());
        Assert.Equal("TokenException", kite.GetProperty("error_type").GetString());

        // Dhan: 401 with errorType/errorCode/errorMessage, DH-901 for an invalid or expired token; nothing of Kite's shape.
        (int dhanStatus, JsonElement dhan) = await RefusedHandshakeAsync(simulator, "/dhan?version=2&token=revoked-1&clientId=1000000001&authType=2", timeout.Token);
        Assert.Equal(401, dhanStatus);
        Assert.Equal("Invalid_Authentication", dhan.GetProperty("errorType").GetString());
        Assert.Equal("DH-901", dhan.GetProperty("errorCode").GetString());
        Assert.Contains("expired", dhan.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.False(dhan.TryGetProperty("error_type", out _));
        Assert.False(dhan.TryGetProperty("status", out _));

        // A client sees the Dhan refusal as 401 (an auth rejection, like Kite's 403).
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(simulator.GetFeedUri("/dhan", "?version=2&token=revoked-1&clientId=1000000001&authType=2"), timeout.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, client.HttpStatusCode);
        Assert.Equal(3, simulator.RefusedHandshakes);
    }

    [Fact]
    public async Task A_Kotak_token_carried_in_the_auth_frame_is_expired_in_session_and_refused_in_the_next_auth_frame()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { MessagesPerSecond = 100 }, NullLoggerFactory.Instance, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var session = new ClientWebSocket();
        await session.ConnectAsync(simulator.GetFeedUri("/kotak"), timeout.Token);
        await session.SendAsync(Encoding.UTF8.GetBytes("{\"user\":\"SIMUCC\",\"auth\":\"sid-day-1\",\"format\":\"native_batch\"}"), WebSocketMessageType.Text, true, timeout.Token);
        byte[] buffer = new byte[64 * 1024];
        WebSocketReceiveResult first = await session.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"message_code\":1119", Encoding.UTF8.GetString(buffer, 0, first.Count), StringComparison.Ordinal);
        SimulatorConnection open = Assert.Single(simulator.Connections);
        Assert.Equal(["sid-day-1"], open.MessageTokens);

        // The token is in no URL: the message it came in decides.
        Assert.Equal(1, simulator.ExpireToken("sid-day-1"));
        await ReadUntilCloseAsync(session, buffer, timeout.Token);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, session.CloseStatus);
        Assert.Equal("403 Invalid session: session token expired", session.CloseStatusDescription);
        await open.Completion.WaitAsync(timeout.Token);
        Assert.True(open.EndedByTokenExpiry);

        // The handshake of the next connection succeeds (it carries no token); its auth frame is refused with close 1008.
        using var again = new ClientWebSocket();
        await again.ConnectAsync(simulator.GetFeedUri("/kotak"), timeout.Token);
        await again.SendAsync(Encoding.UTF8.GetBytes("{\"user\":\"SIMUCC\",\"auth\":\"sid-day-1\",\"format\":\"native_batch\"}"), WebSocketMessageType.Text, true, timeout.Token);
        await ReadUntilCloseAsync(again, buffer, timeout.Token);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, again.CloseStatus);
        Assert.Equal("403 Invalid session: session token refused", again.CloseStatusDescription);
        Assert.Equal(1, simulator.RefusedHandshakes);
        SimulatorConnection refused = simulator.Connections[1];
        await refused.Completion.WaitAsync(timeout.Token);
        Assert.Equal("token refused", refused.EndReason);

        // A fresh session token is accepted.
        using var renewed = new ClientWebSocket();
        await renewed.ConnectAsync(simulator.GetFeedUri("/kotak"), timeout.Token);
        await renewed.SendAsync(Encoding.UTF8.GetBytes("{\"user\":\"SIMUCC\",\"auth\":\"sid-day-2\",\"format\":\"native_batch\"}"), WebSocketMessageType.Text, true, timeout.Token);
        WebSocketReceiveResult accepted = await renewed.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"message_code\":1119", Encoding.UTF8.GetString(buffer, 0, accepted.Count), StringComparison.Ordinal);
    }

    private static async Task ReadUntilCloseAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
        }
        while (result.MessageType != WebSocketMessageType.Close);
    }

    /// <summary>A WebSocket upgrade request over a raw socket, so the refusal's status and JSON body can both be read.</summary>
    private static async Task<(int Status, JsonElement Body)> RefusedHandshakeAsync(SimulatorServer simulator, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, simulator.Port, cancellationToken);
        await using NetworkStream stream = tcp.GetStream();
        string request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{simulator.Port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        var received = new MemoryStream();
        byte[] buffer = new byte[4096];
        while (true)
        {
            int read = await stream.ReadAsync(buffer, cancellationToken);
            received.Write(buffer, 0, read);
            string text = Encoding.UTF8.GetString(received.ToArray());
            int headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd >= 0)
            {
                string headers = text[..headerEnd];
                int length = int.Parse(headers.Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (text.Length - headerEnd - 4 >= length)
                {
                    int status = int.Parse(headers.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Contains("application/json", headers, StringComparison.Ordinal);
                    return (status, JsonDocument.Parse(text.Substring(headerEnd + 4, length)).RootElement.Clone());
                }
            }

            Assert.True(read > 0, "the server closed before the whole refusal arrived: " + text);
        }
    }
}
