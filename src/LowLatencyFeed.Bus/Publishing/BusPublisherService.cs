using LowLatencyFeed.Core.Events;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Bus.Publishing;

/// <summary>
/// The bus stage, wired: the ring handler (<see cref="Handler"/>, run it after the journal writer) and the publisher
/// loop. Typical host use:
/// <code>
/// var bus = new BusPublisherService(options, journal.Directory, () =&gt; journal.LastWrittenSequence, () =&gt; journal.LastDurableSequence,
///                                   liveStart: journal.LastSequence + 1, slabs, loggerFactory);
/// pipeline.HandleEventsWith(journalHandler).Then(pipeline.Handler(bus.Handler, ...));
/// bus.Start(); … pipeline.Shutdown(); await bus.StopAsync(deadline);
/// </code>
/// </summary>
public sealed class BusPublisherService : IAsyncDisposable
{
    private bool _stopped;

    /// <summary>Builds the stage (allocates the batch pool; connects when started).</summary>
    public BusPublisherService(
        BusPublisherOptions options,
        string journalDirectory,
        Func<long> journalWritten,
        Func<long> journalDurable,
        long liveStart,
        DepthSlabPool? slabs,
        ILoggerFactory loggerFactory)
    {
        Options = options;
        Channel = new BusChannel(options.Batches, options.MaxBatchBytes, options.MaxBatchEvents, slabs?.LevelsPerSide ?? DepthSlabPool.DefaultLevelsPerSide);
        Handler = new BusStagerHandler(Channel, slabs, options.MaxBatchDelay);
        Publisher = new BusPublisher(options, Channel, journalDirectory, options.PublishAfter == PublishAfter.Durable ? journalDurable : journalWritten, liveStart, loggerFactory);
    }

    /// <summary>Settings in force.</summary>
    public BusPublisherOptions Options { get; }

    /// <summary>The batch handoff.</summary>
    public BusChannel Channel { get; }

    /// <summary>The ingress-ring consumer.</summary>
    public BusStagerHandler Handler { get; }

    /// <summary>The publisher loop.</summary>
    public BusPublisher Publisher { get; }

    /// <summary>Starts the publisher (it connects, reads the stream back, then publishes).</summary>
    public void Start() => Publisher.Start();

    /// <summary>Publishes what is due (after the ring drained) until <paramref name="timeout"/>; the rest goes at the next start.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await Publisher.StopAsync(DateTime.UtcNow + timeout).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await Publisher.DisposeAsync().ConfigureAwait(false);
    }
}
