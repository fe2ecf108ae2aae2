using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The stream stage: a consumer of the ingress ring (after the journal) that fans events out into each connected
/// client's bounded queue or conflation slots. Each tick, trade and quote is formatted once per format some client
/// wants (JSON, binary) into <see cref="MarketLog"/>, and only its position goes to the clients. It never waits for a
/// client: a full queue drops (counted, sent as a <c>gap</c>), quotes and depth keep only the latest, and a client
/// behind for longer than <see cref="StreamOptions.SlowClientTimeout"/> is disconnected by a watchdog. Nothing is
/// allocated per event.
/// </summary>
public sealed class StreamHub : IEventHandler<MarketEvent>, IDisposable
{
    private readonly Dictionary<long, int> _instrumentIndex = [];
    private readonly long[] _instruments;
    private readonly Lock _clientsGate = new();
    private const long NotFormatted = long.MinValue;
    private readonly Timer _watchdog;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(StreamMessageLog.MaxMessageBytes);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _binary = new byte[StreamMessageLog.MaxMessageBytes];
    private StreamClient[] _clients = [];
    private int _instrumentCount;
    private int _nextClientId;
    private long _slowDisconnects;
    private long _untrackedInstrumentEvents;

    /// <summary>Creates the stage.</summary>
    public StreamHub(StreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _instruments = new long[options.MaxInstruments];
        _json = new Utf8JsonWriter(_jsonBuffer);
        MarketLog = new StreamMessageLog(options.MessageLogBytes);
        DerivedLog = new StreamMessageLog(options.MessageLogBytes);
        _watchdog = new Timer(_ => DisconnectSlowClients(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Limits.</summary>
    public StreamOptions Options { get; }

    /// <summary>The tick, trade and quote messages this stage formatted, shared by every client's sender.</summary>
    public StreamMessageLog MarketLog { get; }

    /// <summary>The derived messages the derived stream stage formatted (its only writer), shared by every client's sender.</summary>
    public StreamMessageLog DerivedLog { get; }

    /// <summary>Clients connected now.</summary>
    public int ClientCount => Volatile.Read(ref _clients).Length;

    /// <summary>The connected clients (status and tests).</summary>
    public IReadOnlyList<StreamClient> Clients => Volatile.Read(ref _clients);

    /// <summary>The connected clients as the stages iterate them (replaced whole on connect and remove).</summary>
    internal StreamClient[] ClientArray => Volatile.Read(ref _clients);

    /// <summary>Clients disconnected for staying behind.</summary>
    public long SlowDisconnects => Volatile.Read(ref _slowDisconnects);

    /// <summary>Quote/depth events of instruments beyond <see cref="StreamOptions.MaxInstruments"/> (not streamed).</summary>
    public long UntrackedInstrumentEvents => Volatile.Read(ref _untrackedInstrumentEvents);

    /// <summary>Instrument of conflation slot <paramref name="index"/>.</summary>
    public InstrumentId InstrumentAt(int index) => new(Volatile.Read(ref _instruments[index]));

    /// <summary>Registers a new client (cold path).</summary>
    public StreamClient Connect()
    {
        var client = new StreamClient(Interlocked.Increment(ref _nextClientId), Options.QueueCapacity, Options.MaxInstruments);
        lock (_clientsGate)
        {
            Volatile.Write(ref _clients, [.. _clients, client]);
        }

        return client;
    }

    /// <summary>Removes a client (cold path).</summary>
    public void Remove(StreamClient client)
    {
        lock (_clientsGate)
        {
            Volatile.Write(ref _clients, [.. _clients.Where(c => !ReferenceEquals(c, client))]);
        }
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        StreamClient[] clients = Volatile.Read(ref _clients);
        if (clients.Length == 0)
        {
            return;
        }

        long instrument = data.Header.Instrument.Value;
        switch (data.Header.Kind)
        {
            case EventKind.Tick:
                StreamChannels channel = StreamItem.IsTradeEvent(in data) ? StreamChannels.Trades : StreamChannels.Ticks;
                StreamItem item = default;
                bool filled = false;
                long tickJson = NotFormatted;
                long tickBinary = NotFormatted;
                foreach (StreamClient client in clients)
                {
                    if (!client.Subscription.Wants(channel, instrument))
                    {
                        continue;
                    }

                    if (!filled)
                    {
                        item = StreamItem.From(in data);
                        filled = true;
                    }

                    long position;
                    if (client.Format == StreamFormat.Binary)
                    {
                        if (tickBinary == NotFormatted)
                        {
                            tickBinary = MarketLog.Append(_binary.AsSpan(0, StreamBinaryMessages.WriteTick(_binary, in item)));
                        }

                        position = tickBinary;
                    }
                    else
                    {
                        if (tickJson == NotFormatted)
                        {
                            StreamMessageWriter.WriteTick(_json, in item);
                            tickJson = AppendJson();
                        }

                        position = tickJson;
                    }

                    if (position >= 0)
                    {
                        client.Enqueue(position);
                    }
                }

                break;
            case EventKind.Quote:
                int quoteIndex = IndexOf(instrument);
                if (quoteIndex >= 0)
                {
                    long quoteJson = NotFormatted;
                    long quoteBinary = NotFormatted;
                    foreach (StreamClient client in clients)
                    {
                        if (!client.Subscription.Wants(StreamChannels.Quotes, instrument))
                        {
                            continue;
                        }

                        long position;
                        if (client.Format == StreamFormat.Binary)
                        {
                            if (quoteBinary == NotFormatted)
                            {
                                quoteBinary = MarketLog.Append(_binary.AsSpan(0, StreamBinaryMessages.WriteQuote(_binary, in data.Header, in data.Quote)));
                            }

                            position = quoteBinary;
                        }
                        else
                        {
                            if (quoteJson == NotFormatted)
                            {
                                StreamMessageWriter.WriteQuote(_json, in data.Header, in data.Quote);
                                quoteJson = AppendJson();
                            }

                            position = quoteJson;
                        }

                        if (position >= 0)
                        {
                            client.ConflateQuote(quoteIndex, position);
                        }
                    }
                }

                break;
            case EventKind.Depth:
                int depthIndex = IndexOf(instrument);
                if (depthIndex >= 0)
                {
                    foreach (StreamClient client in clients)
                    {
                        if (client.Subscription.Wants(StreamChannels.Depth, instrument))
                        {
                            client.MarkDepth(depthIndex);
                        }
                    }
                }

                break;
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
        foreach (StreamClient client in Volatile.Read(ref _clients))
        {
            client.Disconnect("server stopping");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watchdog.Dispose();
        _json.Dispose();
    }

    private long AppendJson()
    {
        _json.Flush();
        long position = MarketLog.Append(_jsonBuffer.WrittenSpan);
        _jsonBuffer.ResetWrittenCount();
        _json.Reset(_jsonBuffer);
        return position;
    }

    private int IndexOf(long instrument)
    {
        if (_instrumentIndex.TryGetValue(instrument, out int index))
        {
            return index;
        }

        return AddInstrument(instrument);
    }

    private int AddInstrument(long instrument)
    {
        // Once per instrument (the dictionary grows then); beyond the limit its quotes and depth are not streamed.
        if (_instrumentCount == _instruments.Length)
        {
            _untrackedInstrumentEvents++;
            return -1;
        }

        int index = _instrumentCount++;
        Volatile.Write(ref _instruments[index], instrument);
        _instrumentIndex[instrument] = index;
        return index;
    }

    private void DisconnectSlowClients()
    {
        long now = Environment.TickCount64;
        foreach (StreamClient client in Volatile.Read(ref _clients))
        {
            long since = client.BehindSinceMs;
            if (since != 0 && now - since > Options.SlowClientTimeout.TotalMilliseconds && client.DisconnectReason is null)
            {
                Interlocked.Increment(ref _slowDisconnects);
                client.Disconnect($"slow consumer: dropping events for more than {Options.SlowClientTimeout.TotalSeconds:0.#} s");
            }
        }
    }
}
