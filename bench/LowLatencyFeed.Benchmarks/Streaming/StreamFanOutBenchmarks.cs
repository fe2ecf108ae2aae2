using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Streaming;

namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// The live stream's fan-out per event (3/4 ticks, 1/4 quotes) to 100 clients subscribed to ticks and trades, with or
/// without quotes and depth, in steady state
/// (each client drained every batch, as its sender does). Two kinds of client take the same messages: "queued" clients
/// list every instrument, so the stream stage formats each event once into its shared message log and queues its
/// position per client; "firehose" clients take every instrument, so the stage only appends each tick or trade to the
/// tick log of its format and their senders walk the log themselves (quotes and depth stay per client in both). Rows:
/// the stage alone, the stage and every sender copying its messages out of the log (what goes on the socket) in JSON and
/// in the binary form, and batched firehose senders copying runs of log records (binary: in one piece, the run is the
/// batch's body; JSON: the run's messages straight into the batch's array, one check per run), beside a batched JSON
/// sender adding each message to its batch one at a time (the path JSON batches took before runs); against the
/// typical hub that serializes each event to a string and writes it into a bounded <see cref="Channel{T}"/> per client,
/// and against formatting each event's JSON once per client (the stream's first design). Allocated bytes are per event
/// (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class StreamFanOutBenchmarks
{
    private const int Events = 1024;
    private const int Instruments = 50;
    private readonly MarketEvent[] _events = new MarketEvent[Events];
    private readonly byte[] _message = new byte[StreamMessageLog.MaxMessageBytes];
    private readonly byte[] _run = new byte[16 * 1024];
    private readonly StreamBatch _batch = new(16 * 1024);
    private StreamHub _hub = null!;
    private StreamClient[] _clients = [];
    private StreamHub _binaryHub = null!;
    private StreamClient[] _binaryClients = [];
    private StreamHub _firehoseHub = null!;
    private StreamClient[] _firehoseClients = [];
    private StreamHub _binaryFirehoseHub = null!;
    private StreamClient[] _binaryFirehoseClients = [];
    private Channel<string>[] _channels = [];
    private ArrayBufferWriter<byte> _buffer = null!;
    private Utf8JsonWriter _json = null!;

    [Params(100)]
    public int Clients { get; set; }

    /// <summary>Whether the clients also take quotes and depth (conflated per client, for both kinds) or only ticks and trades.</summary>
    [Params(true, false)]
    public bool QuotesToo { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Events; i++)
        {
            ref MarketEvent e = ref _events[i];
            e.Header.Instrument = InstrumentId.From(FeedKind.Kite, 1000 + (i % Instruments));
            e.Header.Sequence = i;
            e.Header.ExchangeTimeNs = 1_704_167_100_000_000_000L + (i * 1_000_000L);
            e.Header.PriceDecimals = 2;
            if (i % 4 == 3)
            {
                e.Header.Kind = EventKind.Quote;
                e.Quote.BidPrice = 250_000 + i;
                e.Quote.AskPrice = 250_010 + i;
                e.Quote.BidQuantity = 10;
                e.Quote.AskQuantity = 12;
            }
            else
            {
                e.Header.Kind = EventKind.Tick;
                e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume;
                e.Tick.LastPrice = 250_005 + i;
                e.Tick.LastQuantity = 5;
                e.Tick.CumulativeVolume = 1_000 + i;
            }
        }

        StreamChannels channels = StreamChannels.Ticks | StreamChannels.Trades | (QuotesToo ? StreamChannels.Quotes | StreamChannels.Depth : StreamChannels.None);
        var everything = new StreamSubscription(channels, 0, null);
        var listed = everything with { Instruments = [.. Enumerable.Range(0, Instruments).Select(i => InstrumentId.From(FeedKind.Kite, 1000 + i).Value)] };
        (_hub, _clients) = Connect(listed, StreamFormat.Json);
        (_binaryHub, _binaryClients) = Connect(listed, StreamFormat.Binary);
        (_firehoseHub, _firehoseClients) = Connect(everything, StreamFormat.Json);
        (_binaryFirehoseHub, _binaryFirehoseClients) = Connect(everything, StreamFormat.Binary);
        _channels = new Channel<string>[Clients];
        for (int c = 0; c < Clients; c++)
        {
            _channels[c] = Channel.CreateBounded<string>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = true });
        }

        _buffer = new ArrayBufferWriter<byte>(4096);
        _json = new Utf8JsonWriter(_buffer);
        StageOnly();
        StageOnlyFirehose();
        StageAndSendersJson();
        StageAndSendersJsonFirehose();
        StageAndSendersBinary();
        StageAndSendersBinaryFirehose();
        StageAndSendersBinaryFirehoseBatched();
        StageAndSendersJsonFirehoseBatched();
        StageAndSendersJsonFirehoseBatchedPerMessage();
        FormatJsonPerClient();
        ChannelOfJsonStrings();
        foreach (StreamClient client in _clients.Concat(_binaryClients).Concat(_firehoseClients).Concat(_binaryFirehoseClients))
        {
            if (client.Dropped != 0)
            {
                throw new InvalidOperationException($"client {client.Id} dropped {client.Dropped} messages in the warm-up: the rows would not compare the same work");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hub.Dispose();
        _binaryHub.Dispose();
        _firehoseHub.Dispose();
        _binaryFirehoseHub.Dispose();
        _json.Dispose();
    }

    /// <summary>Typical hub: one JSON string per event, written to each client's bounded channel, read by its sender.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long ChannelOfJsonStrings()
    {
        long taken = 0;
        for (int i = 0; i < Events; i++)
        {
            if (!QuotesToo && _events[i].Header.Kind != EventKind.Tick)
            {
                continue;
            }

            string json = Serialize(in _events[i]);
            foreach (Channel<string> channel in _channels)
            {
                channel.Writer.TryWrite(json);
            }
        }

        foreach (Channel<string> channel in _channels)
        {
            while (channel.Reader.TryRead(out _))
            {
                taken++;
            }
        }

        return taken;
    }

    /// <summary>The stream stage alone, queued clients: formats each event once and queues its position per client; the senders drain the queues.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageOnly() => StageAlone(_hub, _clients);

    /// <summary>The stream stage alone, firehose clients: ticks and trades appended once to the tick log, quotes per client.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageOnlyFirehose() => StageAlone(_firehoseHub, _firehoseClients);

    /// <summary>The stream stage and every queued client's sender copying each JSON message out of the shared log (what goes on the socket).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersJson() => StageAndSenders(_hub, _clients);

    /// <summary>The same with firehose clients: each sender copies the messages out of the tick log with its own cursor.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersJsonFirehose() => StageAndSenders(_firehoseHub, _firehoseClients);

    /// <summary>Queued clients asking for the binary form.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersBinary() => StageAndSenders(_binaryHub, _binaryClients);

    /// <summary>Firehose clients asking for the binary form, one message at a time.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersBinaryFirehose() => StageAndSenders(_binaryFirehoseHub, _binaryFirehoseClients);

    /// <summary>Firehose clients asking for binary batches: each sender copies runs of tick log records in one piece (the batch body).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersBinaryFirehoseBatched() => StageAndFirehoseBatchSenders(_binaryFirehoseHub, _binaryFirehoseClients);

    /// <summary>Firehose clients asking for JSON batches: each sender copies the messages of runs of tick log records straight into a JSON array (the batch), with one check per run.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersJsonFirehoseBatched() => StageAndFirehoseBatchSenders(_firehoseHub, _firehoseClients);

    /// <summary>The same JSON batches built message by message, as before runs: each message copied out of the tick log and checked, then added to the batch.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long StageAndSendersJsonFirehoseBatchedPerMessage()
    {
        PublishBatch(_firehoseHub);

        long bytes = 0;
        foreach (StreamClient client in _firehoseClients)
        {
            int length;
            while ((length = client.ReadMarket(_message)) > 0)
            {
                if (!_batch.TryAdd(_message.AsSpan(0, length), binary: false))
                {
                    bytes += _batch.Complete(out _).Length;
                    _batch.TryAdd(_message.AsSpan(0, length), binary: false);
                }
            }

            bytes += _batch.Complete(out _).Length + DrainQuotes(_firehoseHub, client);
        }

        return bytes;
    }

    /// <summary>The previous design: the stage copies each event's fields per client, every sender writes its own JSON of it.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long FormatJsonPerClient()
    {
        long bytes = 0;
        for (int c = 0; c < _clients.Length; c++)
        {
            for (int i = 0; i < Events; i++)
            {
                ref MarketEvent e = ref _events[i];
                if (e.Header.Kind == EventKind.Tick)
                {
                    StreamMessageWriter.WriteTick(_json, StreamItem.From(in e));
                }
                else if (!QuotesToo)
                {
                    continue;
                }
                else
                {
                    StreamMessageWriter.WriteQuote(_json, in e.Header, in e.Quote);
                }

                bytes += Flush();
            }
        }

        return bytes;
    }

    private long StageAlone(StreamHub hub, StreamClient[] clients)
    {
        PublishBatch(hub);

        long taken = 0;
        foreach (StreamClient client in clients)
        {
            client.SkipMarket();
            while (client.TryTakeQuote(out _, out _))
            {
                taken++;
            }

            while (client.TryTakeDepth(out _))
            {
                taken++;
            }
        }

        return taken;
    }

    /// <summary>The stage, then every batched firehose client's sender as it runs: whole batches of runs, then any message left, then quotes.</summary>
    private long StageAndFirehoseBatchSenders(StreamHub hub, StreamClient[] clients)
    {
        PublishBatch(hub);

        long bytes = 0;
        foreach (StreamClient client in clients)
        {
            int length;
            while ((length = client.ReadMarketBatch(_run, out _)) > 0)
            {
                bytes += length;
            }

            while ((length = client.ReadMarket(_message)) > 0)
            {
                bytes += length;
            }

            bytes += DrainQuotes(hub, client);
        }

        return bytes;
    }

    private long StageAndSenders(StreamHub hub, StreamClient[] clients)
    {
        PublishBatch(hub);

        long bytes = 0;
        foreach (StreamClient client in clients)
        {
            int length;
            while ((length = client.ReadMarket(_message)) > 0)
            {
                bytes += length;
            }

            bytes += DrainQuotes(hub, client);
        }

        return bytes;
    }

    private long DrainQuotes(StreamHub hub, StreamClient client)
    {
        long bytes = 0;
        while (client.TryTakeQuote(out _, out long position))
        {
            hub.QuoteLog.TryCopy(position, _message, out int length);
            bytes += length;
        }

        while (client.TryTakeDepth(out _))
        {
            bytes++;
        }

        return bytes;
    }

    private (StreamHub Hub, StreamClient[] Clients) Connect(StreamSubscription subscription, StreamFormat format)
    {
        var hub = new StreamHub(new StreamOptions { QueueCapacity = 4096, MaxInstruments = 256, SlowClientTimeout = TimeSpan.FromHours(1) });
        var clients = new StreamClient[Clients];
        for (int c = 0; c < Clients; c++)
        {
            clients[c] = hub.Connect();
            clients[c].Format = format;
            clients[c].Subscription = subscription;
        }

        return (hub, clients);
    }

    private void PublishBatch(StreamHub hub)
    {
        for (int i = 0; i < Events; i++)
        {
            hub.OnEvent(ref _events[i], i, endOfBatch: i == Events - 1);
        }
    }

    private static string Serialize(in MarketEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (e.Header.Kind == EventKind.Tick)
            {
                StreamMessageWriter.WriteTick(json, StreamItem.From(in e));
            }
            else
            {
                StreamMessageWriter.WriteQuote(json, in e.Header, in e.Quote);
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private int Flush()
    {
        _json.Flush();
        int written = _buffer.WrittenCount;
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        return written;
    }
}
