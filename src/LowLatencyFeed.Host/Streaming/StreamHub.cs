using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The stream stage: a consumer of the ingress ring (after the journal) that fans events out into each connected
/// client's bounded queue or conflation slots. Each tick and trade is formatted once per format some client wants
/// (JSON, binary) into that format's tick log (<see cref="TickLog"/>), each quote into <see cref="QuoteLog"/>, and only
/// the position goes to the clients. A client subscribed to ticks and/or trades of every instrument (a firehose client)
/// gets no position at all: its sender reads the tick log itself, so such clients cost the stage nothing per event
/// (<see cref="FirehoseCursor"/>). It never waits for a client: a full queue drops (counted, sent as a <c>gap</c>), a
/// firehose reader the log came round over skips (counted), quotes and depth keep only the latest, and a client behind
/// for longer than <see cref="StreamOptions.SlowClientTimeout"/> is disconnected by a watchdog. Nothing is allocated
/// per event.
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
    private readonly StreamMessageLog[] _tickLogs;
    private StreamClient[] _clients = [];
    private StreamRoute _route = StreamRoute.Empty;
    private StreamRoute _applied = StreamRoute.Empty;
    private long _switchFailures;
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
        _tickLogs = [new StreamMessageLog(options.MessageLogBytes, indexed: true), new StreamMessageLog(options.MessageLogBytes, indexed: true)];
        QuoteLog = new StreamMessageLog(options.MessageLogBytes);
        DerivedLog = new StreamMessageLog(options.MessageLogBytes);
        _watchdog = new Timer(_ => DisconnectSlowClients(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Limits.</summary>
    public StreamOptions Options { get; }

    /// <summary>The quote messages this stage formatted (both formats), shared by every client's sender.</summary>
    public StreamMessageLog QuoteLog { get; }

    /// <summary>
    /// The tick and trade messages of <paramref name="format"/> this stage formatted (trades marked), shared by every
    /// client's sender: queued clients take positions in it, firehose clients walk it (an indexed log).
    /// </summary>
    public StreamMessageLog TickLog(StreamFormat format) => _tickLogs[(int)format];

    /// <summary>The derived messages the derived stream stage formatted (its only writer), shared by every client's sender.</summary>
    public StreamMessageLog DerivedLog { get; }

    /// <summary>Clients connected now.</summary>
    public int ClientCount => Volatile.Read(ref _clients).Length;

    /// <summary>The connected clients (status and tests).</summary>
    public IReadOnlyList<StreamClient> Clients => Volatile.Read(ref _clients);

    /// <summary>The connected clients as the stages iterate them (replaced whole on connect and remove).</summary>
    internal StreamClient[] ClientArray => Volatile.Read(ref _clients);

    /// <summary>Clients taking ticks or trades of every instrument (firehose: they read the tick log, nothing is queued per message).</summary>
    public int FirehoseClientCount
    {
        get
        {
            int count = 0;
            foreach (StreamClient client in Volatile.Read(ref _clients))
            {
                count += client.IsFirehose ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>Clients disconnected for staying behind.</summary>
    public long SlowDisconnects => Volatile.Read(ref _slowDisconnects);

    /// <summary>Quote/depth events of instruments beyond <see cref="StreamOptions.MaxInstruments"/> (not streamed).</summary>
    public long UntrackedInstrumentEvents => Volatile.Read(ref _untrackedInstrumentEvents);

    /// <summary>Instrument of conflation slot <paramref name="index"/>.</summary>
    public InstrumentId InstrumentAt(int index) => new(Volatile.Read(ref _instruments[index]));

    /// <summary>Switches the stage could not queue (a client's sender had not taken several); the client is disconnected.</summary>
    public long SwitchFailures => Volatile.Read(ref _switchFailures);

    /// <summary>Registers a new client (cold path).</summary>
    public StreamClient Connect()
    {
        var client = new StreamClient(this, _tickLogs, Interlocked.Increment(ref _nextClientId), Options.QueueCapacity, Options.MaxInstruments);
        lock (_clientsGate)
        {
            Volatile.Write(ref _clients, [.. _clients, client]);
            Volatile.Write(ref _route, new StreamRoute(_clients));
        }

        return client;
    }

    /// <summary>Removes a client (cold path).</summary>
    public void Remove(StreamClient client)
    {
        lock (_clientsGate)
        {
            Volatile.Write(ref _clients, [.. _clients.Where(c => !ReferenceEquals(c, client))]);
            Volatile.Write(ref _route, new StreamRoute(_clients));
        }
    }

    /// <summary>A client's subscription or format changed (cold path, the client's receive loop): the stage picks up the new route at its next event.</summary>
    internal void Reroute()
    {
        lock (_clientsGate)
        {
            Volatile.Write(ref _route, new StreamRoute(_clients));
        }
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        StreamRoute route = Volatile.Read(ref _route);
        if (!ReferenceEquals(route, _applied))
        {
            Apply(route);
        }

        StreamClient[] clients = route.All;
        if (clients.Length == 0)
        {
            return;
        }

        long instrument = data.Header.Instrument.Value;
        switch (data.Header.Kind)
        {
            case EventKind.Tick:
                bool trade = StreamItem.IsTradeEvent(in data);
                StreamChannels channel = trade ? StreamChannels.Trades : StreamChannels.Ticks;
                StreamItem item = default;
                bool filled = false;
                long tickJson = NotFormatted;
                long tickBinary = NotFormatted;

                // Firehose clients: one append per format, whatever their number; their senders walk the log.
                if ((route.FirehoseChannels[(int)StreamFormat.Json] & channel) != 0)
                {
                    item = StreamItem.From(in data);
                    filled = true;
                    tickJson = AppendTickJson(in item, trade);
                }

                if ((route.FirehoseChannels[(int)StreamFormat.Binary] & channel) != 0)
                {
                    if (!filled)
                    {
                        item = StreamItem.From(in data);
                        filled = true;
                    }

                    tickBinary = AppendTickBinary(in item, trade);
                }

                // Instrument subsets: the position per client that wants it.
                foreach (StreamClient client in route.Queued)
                {
                    if (client.RoutedFirehose >= 0 || !client.Subscription.Wants(channel, instrument))
                    {
                        continue;
                    }

                    if (!filled)
                    {
                        item = StreamItem.From(in data);
                        filled = true;
                    }

                    StreamFormat format = client.Format;
                    long position;
                    if (format == StreamFormat.Binary)
                    {
                        if (tickBinary == NotFormatted)
                        {
                            tickBinary = AppendTickBinary(in item, trade);
                        }

                        position = tickBinary;
                    }
                    else
                    {
                        if (tickJson == NotFormatted)
                        {
                            tickJson = AppendTickJson(in item, trade);
                        }

                        position = tickJson;
                    }

                    if (position >= 0)
                    {
                        client.Enqueue(format, position);
                    }
                }

                break;
            case EventKind.Quote:
                int quoteIndex = IndexOf(instrument);
                if (quoteIndex >= 0)
                {
                    long quoteJson = NotFormatted;
                    long quoteBinary = NotFormatted;
                    foreach (StreamClient client in route.Quotes)
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
                                quoteBinary = QuoteLog.Append(_binary.AsSpan(0, StreamBinaryMessages.WriteQuote(_binary, in data.Header, in data.Quote)));
                            }

                            position = quoteBinary;
                        }
                        else
                        {
                            if (quoteJson == NotFormatted)
                            {
                                StreamMessageWriter.WriteQuote(_json, in data.Header, in data.Quote);
                                quoteJson = AppendJson(QuoteLog, marked: false);
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
                    foreach (StreamClient client in route.Depth)
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
            // Everything appended and queued above is visible before the senders' sleep flags are read.
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

    private long AppendTickJson(in StreamItem item, bool trade)
    {
        StreamMessageWriter.WriteTick(_json, in item);
        return AppendJson(_tickLogs[(int)StreamFormat.Json], trade);
    }

    private long AppendTickBinary(in StreamItem item, bool trade) =>
        _tickLogs[(int)StreamFormat.Binary].Append(_binary.AsSpan(0, StreamBinaryMessages.WriteTick(_binary, in item)), trade);

    // Cold: a client connected, left or changed what it takes. Each client whose firehose format changed gets a switch
    // in its queue at this point of the logs; one that has no room even for that is disconnected by the watchdog.
    private void Apply(StreamRoute route)
    {
        for (int i = 0; i < route.All.Length; i++)
        {
            StreamClient client = route.All[i];
            if (!client.SwitchStalled && !client.TrySwitch(route.Firehose[i]))
            {
                Interlocked.Increment(ref _switchFailures);
            }
        }

        _applied = route;
    }

    private long AppendJson(StreamMessageLog log, bool marked)
    {
        _json.Flush();
        long position = log.Append(_jsonBuffer.WrittenSpan, marked);
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
            if (client.SwitchStalled && client.DisconnectReason is null)
            {
                Interlocked.Increment(ref _slowDisconnects);
                client.Disconnect("slow consumer: subscription changes not taken");
                continue;
            }

            client.CheckLapped();
            long since = client.BehindSinceMs;
            if (since != 0 && now - since > Options.SlowClientTimeout.TotalMilliseconds && client.DisconnectReason is null)
            {
                Interlocked.Increment(ref _slowDisconnects);
                client.Disconnect($"slow consumer: dropping events for more than {Options.SlowClientTimeout.TotalSeconds:0.#} s");
            }
        }
    }
}
