using LowLatencyFeed.Bus.Consuming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Ring;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>The bus source of a consumer host (<c>Source:Type = jetstream</c>) as one of the engine's feeds.</summary>
public sealed class JetStreamFeedRunner : IFeedRunner, IJournalFollower
{
    /// <summary>Wraps a source reading <paramref name="options"/>; deep depth goes into <paramref name="slabs"/>.</summary>
    public JetStreamFeedRunner(JetStreamSourceOptions options, DepthSlabPool slabs, ILoggerFactory loggerFactory)
    {
        Name = "jetstream";
        Diagnostics = new FeedDiagnostics(Name, loggerFactory.CreateLogger("LowLatencyFeed.Feed.jetstream"));
        Source = new JetStreamSource(options, slabs, loggerFactory, Diagnostics.CountMessage);
    }

    /// <summary>The source (statistics, streams).</summary>
    public JetStreamSource Source { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public FeedDiagnostics Diagnostics { get; }

    /// <inheritdoc />
    public long Reconnects => Source.Statistics.Resyncs;

    /// <inheritdoc />
    public bool IsConnected => Source.IsConnected;

    /// <inheritdoc />
    public PublisherStatistics Publisher { get; } = new();

    /// <inheritdoc />
    public void FollowJournal(JournalWriter journal) => Source.FollowJournal(journal);

    /// <inheritdoc />
    /// <remarks>The bus is never dropped from: a full ring makes the source wait (the stream holds the backlog), whatever the backpressure policy.</remarks>
    public Task RunAsync(RingBuffer<MarketEvent> ring, BackpressurePolicy policy, CancellationToken cancellationToken) =>
        Source.RunAsync(ring, cancellationToken);
}
