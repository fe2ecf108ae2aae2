using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>A configured feed and the connections it was split into at start (<c>name</c>, or <c>name#1</c>, <c>name#2</c>, …).</summary>
public sealed class FeedConnections
{
    /// <summary>Groups <paramref name="runners"/> under <paramref name="feed"/>.</summary>
    public FeedConnections(FeedOptions feed, IReadOnlyList<IFeedRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(runners);
        Options = feed;
        Protocol = feed.Protocol.ToLowerInvariant();
        Kind = FeedFactory.FeedKindOf(feed.Protocol);
        var connections = new List<SessionFeedRunner>();
        foreach (IFeedRunner runner in runners)
        {
            if (runner is SessionFeedRunner session
                && (runner.Name == feed.Name || runner.Name.StartsWith(feed.Name + "#", StringComparison.Ordinal)))
            {
                connections.Add(session);
            }
        }

        _connections = [.. connections];
    }

    /// <summary>The feed as configured.</summary>
    public FeedOptions Options { get; }

    /// <summary>Feed name.</summary>
    public string Name => Options.Name;

    /// <summary>Lower-case protocol name.</summary>
    public string Protocol { get; }

    /// <summary>The broker.</summary>
    public FeedKind Kind { get; }

    private SessionFeedRunner[] _connections;

    /// <summary>Its connections, in split order, then those opened at runtime (replaced whole when one is added).</summary>
    public IReadOnlyList<SessionFeedRunner> Connections => Volatile.Read(ref _connections);

    /// <summary>Adds a connection opened at runtime (under <see cref="Gate"/>).</summary>
    public void Add(SessionFeedRunner connection) => Volatile.Write(ref _connections, [.. _connections, connection]);

    /// <summary>Serializes changes of this feed (cold path: one API request at a time).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
