using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The derived stream stage: a consumer of the derived ring of its own (beside the derived stager) that copies each
/// bar, book metrics sample and signal into the bounded derived queue of every client subscribed to its channel and
/// instrument. Each message is formatted once per format some client wants into the hub's
/// <see cref="StreamHub.DerivedLog"/> (this stage is its only writer) and only its position is queued. Like the market
/// stage it never waits: a full queue drops (counted, sent as a <c>gap</c>), and the same watchdog disconnects a
/// client that stays behind. Nothing is allocated per event.
/// </summary>
public sealed class DerivedStreamHub : IEventHandler<DerivedEvent>
{
    private const long NotFormatted = long.MinValue;
    private readonly StreamHub _clients;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(StreamMessageLog.MaxMessageBytes);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _binary = new byte[StreamMessageLog.MaxMessageBytes];
    private long _unstreamed;

    /// <summary>Creates the stage over the clients of <paramref name="clients"/>.</summary>
    public DerivedStreamHub(StreamHub clients, DerivedStreamChannels channels)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(channels);
        _clients = clients;
        Channels = channels;
        _json = new Utf8JsonWriter(_jsonBuffer);
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
            IDerivedStreamChannel writer = Channels.Channels[channel];
            StreamMessageLog log = _clients.DerivedLog;
            long json = NotFormatted;
            long binary = NotFormatted;
            foreach (StreamClient client in clients)
            {
                if (!client.Subscription.WantsDerived(channel, instrument))
                {
                    continue;
                }

                long position;
                if (client.Format == StreamFormat.Binary)
                {
                    if (binary == NotFormatted)
                    {
                        binary = log.Append(_binary.AsSpan(0, writer.WriteBinary(_binary, in data)));
                    }

                    position = binary;
                }
                else
                {
                    if (json == NotFormatted)
                    {
                        writer.Write(_json, in data);
                        _json.Flush();
                        json = log.Append(_jsonBuffer.WrittenSpan);
                        _jsonBuffer.ResetWrittenCount();
                        _json.Reset(_jsonBuffer);
                    }

                    position = json;
                }

                if (position >= 0)
                {
                    client.EnqueueDerived(position);
                }
            }
        }

        if (endOfBatch)
        {
            // Everything queued above is visible before the senders' sleep flags are read (StreamClient.WakeIfPending).
            Interlocked.MemoryBarrier();
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
