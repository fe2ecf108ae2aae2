using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace LowLatencyFeed.Bus.Connection;

/// <summary>Builds NATS connections for the publisher and the source: reconnect forever, fail fast on the first connect (callers retry with backoff).</summary>
public static class NatsConnector
{
    /// <summary>Options for <paramref name="url"/> (comma-separated seed list) with optional credentials.</summary>
    public static NatsOpts Options(string url, string name, string? user, string? password, string? token, ILoggerFactory loggerFactory)
    {
        var auth = NatsAuthOpts.Default;
        if (!string.IsNullOrEmpty(user))
        {
            auth = auth with { Username = user, Password = password };
        }

        if (!string.IsNullOrEmpty(token))
        {
            auth = auth with { Token = token };
        }

        return NatsOpts.Default with
        {
            Url = url,
            Name = name,
            AuthOpts = auth,
            LoggerFactory = loggerFactory,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RequestTimeout = TimeSpan.FromSeconds(5),
            CommandTimeout = TimeSpan.FromSeconds(5),
            SubPendingChannelCapacity = 65536,
        };
    }

    /// <summary>Opens a connection (throws when no server answers).</summary>
    public static async Task<NatsConnection> ConnectAsync(NatsOpts options)
    {
        var connection = new NatsConnection(options);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
