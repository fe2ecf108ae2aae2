using System.Threading.Channels;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Ingress;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Ring;

namespace LowLatencyFeed.Host.Tests.Research;

/// <summary>
/// A feed that publishes exactly the events a test hands it, in order, when it hands them: the ring then carries a
/// known market (the synthetic one the model was trained on) at the pace the test sets, with no socket in between.
/// </summary>
internal sealed class ScriptedFeed : IFeedRunner
{
    private readonly Channel<MarketEvent[]> _chunks = Channel.CreateUnbounded<MarketEvent[]>();
    private long _published;

    public string Name => "scripted";

    public FeedDiagnostics Diagnostics { get; } = new("scripted");

    public long Reconnects => 0;

    public bool IsConnected => true;

    public PublisherStatistics Publisher { get; } = new();

    /// <summary>Events published into the ring so far.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Queues <paramref name="events"/> for publishing.</summary>
    public void Send(IEnumerable<MarketEvent> events) => _chunks.Writer.TryWrite([.. events]);

    public async Task RunAsync(RingBuffer<MarketEvent> ring, BackpressurePolicy policy, CancellationToken cancellationToken)
    {
        var publisher = new RingPublisher(ring, BackpressurePolicy.Wait, Publisher);
        try
        {
            while (await _chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_chunks.Reader.TryRead(out MarketEvent[]? chunk))
                {
                    PublishAll(ref publisher, chunk);
                    Interlocked.Add(ref _published, chunk.Length);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static void PublishAll(ref RingPublisher publisher, MarketEvent[] chunk)
    {
        foreach (MarketEvent e in chunk)
        {
            ref MarketEvent slot = ref publisher.Claim();
            slot = e;
            publisher.Publish();
        }
    }
}
