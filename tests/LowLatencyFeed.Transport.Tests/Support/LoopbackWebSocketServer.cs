using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace LowLatencyFeed.Transport.Tests.Support;

/// <summary>
/// A bare WebSocket server on 127.0.0.1 (TcpListener + RFC 6455 handshake + <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>)
/// for tests that need exact control of frames, or a server that allocates nothing while streaming.
/// The handler gets each accepted socket and its 0-based connection index.
/// </summary>
public sealed class LoopbackWebSocketServer : IAsyncDisposable
{
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly TcpListener _listener;
    private readonly Func<WebSocket, int, CancellationToken, Task> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly List<string> _requests = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    public LoopbackWebSocketServer(Func<WebSocket, int, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Uri = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/feed");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Uri { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The HTTP upgrade requests received, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
        }

        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception)
            {
                return;
            }

            int index = Interlocked.Increment(ref _accepted) - 1;
            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(client, index)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int index)
    {
        using (client)
        {
            client.NoDelay = true;
            NetworkStream stream = client.GetStream();
            try
            {
                string request = await ReadRequestAsync(stream);
                lock (_requests)
                {
                    _requests.Add(request);
                }

                string key = request.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
                string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
                byte[] response = Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n");
                await stream.WriteAsync(response);
                using WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
                await _handler(socket, index, _stopping.Token);
            }
            catch (Exception)
            {
                // The client went away or the test stopped the server; the test asserts on the client side.
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        int used = 0;
        while (true)
        {
            // One byte at a time so nothing after the request (WebSocket frames) is consumed here.
            int read = await stream.ReadAsync(buffer.AsMemory(used, 1));
            if (read == 0)
            {
                throw new IOException("client closed during the handshake");
            }

            used++;
            if (used >= 4 && buffer[used - 4] == '\r' && buffer[used - 3] == '\n' && buffer[used - 2] == '\r' && buffer[used - 1] == '\n')
            {
                return Encoding.ASCII.GetString(buffer, 0, used);
            }
        }
    }
}
