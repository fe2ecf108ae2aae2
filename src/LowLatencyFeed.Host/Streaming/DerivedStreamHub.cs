using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The derived stream stage: a consumer of the derived ring of its own (beside the derived stager) that copies each
/// bar, book metrics sample and signal into the bounded derived queue of every client subscribed to its channel and
/// instrument. Like the market stage it never waits: a full queue drops (counted, sent as a <c>gap</c>), and the same
/// watchdog disconnects a client that stays behind. Nothing is allocated per event.
/// </summary>
public sealed class DerivedStreamHub : IEventHandler<DerivedEvent>
{
    private readonly StreamHub _clients;
    private long _unstreamed;

    /// <summary>Creates the stage over the clients of <paramref name="clients"/>.</summary>
    public DerivedStreamHub(StreamHub clients, DerivedStreamChannels channels)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(channels);
        _clients = clients;
        Channels = channels;
    }

    /// <summary>The channels and their bits.</summary>
    public DerivedStreamChannels Channels { get; }

    /// <summary>Derived events that belong to no channel.</summary>
    public long Unstreamed => Volatile.Read(ref _unstreamed);

    /// <inheritdoc />
    public void OnEvent(ref DerivedEvent data, long sequence, bool endOfBatch)
    {
        StreamClient[] clients = _clients.ClientArray;
        if (clients.Length == 0)
        {
            return;
        }

        int channel = Channels.Classify(in data);
        if (channel < 0)
        {
            Volatile.Write(ref _unstreamed, _unstreamed + 1);
        }
        else
        {
            long instrument = data.Header.Instrument.Value;
            foreach (StreamClient client in clients)
            {
                if (client.Subscription.WantsDerived(channel, instrument))
                {
                    client.EnqueueDerived(in data);
                }
            }
        }

        if (endOfBatch)
        {
            foreach (StreamClient client in clients)
            {
                client.WakeIfPending();
            }
        }
    }

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence)
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }
}
