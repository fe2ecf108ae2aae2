using System.Collections.Concurrent;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Replay;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// A replay over one stream connection: <see cref="ReplayRunner"/> reads the journal on a thread of its own and runs it
/// through fresh bar and book engines with the live settings (never the live ring); this handler writes the same
/// messages as the live stream into chunks the session sends, waiting for the client rather than dropping, and ends
/// with an <c>end</c> message carrying the counts. Depth is the replay book after each event (one event per batch when
/// depth or pacing is asked for, so nothing is conflated and paced messages leave on time).
/// </summary>
public sealed class StreamReplay : IEventHandler<MarketEvent>, IDerivedEventSink
{
    private const int FlushBytes = 32 * 1024;
    private static readonly string[] s_messageTypes = ["tick", "trade", "quote", "depth"];
    private readonly StreamClient _client;
    private readonly StreamReplayRequest _request;
    private readonly StreamServices _services;
    private readonly ConcurrentQueue<ReplayChunk> _pool = new();
    private readonly BookSnapshotBoard _books;
    private readonly DepthLevel[] _bids;
    private readonly DepthLevel[] _asks;
    private readonly List<InstrumentId> _depthChanged = [];
    private readonly long[] _counts = new long[s_messageTypes.Length];
    private readonly long[] _derivedCounts;
    private readonly bool _flushEachBatch;
    private readonly bool _binary;
    private DerivedEvent _derived;
    private ReplayChunk? _chunk;
    private CancellationToken _cancellation;

    /// <summary>Creates the replay of <paramref name="request"/> for <paramref name="client"/>.</summary>
    public StreamReplay(StreamClient client, StreamReplayRequest request, StreamServices services)
    {
        _client = client;
        _request = request;
        _services = services;
        _books = new BookSnapshotBoard(services.BookOptions.MaxLevels);
        int depthLevels = request.DepthLevels > 0 ? request.DepthLevels : services.Hub.Options.DepthLevels;
        _bids = new DepthLevel[depthLevels];
        _asks = new DepthLevel[depthLevels];
        _derivedCounts = new long[services.Derived.Channels.Count];
        _flushEachBatch = !request.Speed.IsMax;
        _binary = request.Format == StreamFormat.Binary;
    }

    /// <summary>Runs the replay on a dedicated thread; completes after the <c>end</c> (or <c>error</c>) message is queued.</summary>
    public Task RunAsync(CancellationToken cancellation) =>
        Task.Factory.StartNew(() => Run(cancellation), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <inheritdoc />
    public ref DerivedEvent Claim()
    {
        _derived = default;
        return ref _derived;
    }

    /// <inheritdoc />
    public void Publish()
    {
        int channel = _services.Derived.Classify(in _derived);
        if (channel < 0 || (_request.Derived & (1UL << channel)) == 0)
        {
            return;
        }

        if (_binary)
        {
            ReplayChunk chunk = Chunk();
            EndBinaryMessage(_services.Derived.Channels[channel].WriteBinary(chunk.BinarySpan(StreamMessageLog.MaxMessageBytes), in _derived));
        }
        else
        {
            _services.Derived.Channels[channel].Write(Chunk().Json, in _derived);
            EndMessage();
        }

        _derivedCounts[channel]++;
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        switch (data.Header.Kind)
        {
            case EventKind.Tick:
                StreamItem item = StreamItem.From(in data);
                if ((_request.Channels & (item.IsTrade ? StreamChannels.Trades : StreamChannels.Ticks)) != 0)
                {
                    if (_binary)
                    {
                        EndBinaryMessage(StreamBinaryMessages.WriteTick(Chunk().BinarySpan(StreamBinaryMessages.TickBytes), in item));
                    }
                    else
                    {
                        StreamMessageWriter.WriteTick(Chunk().Json, in item);
                        EndMessage();
                    }

                    _counts[item.IsTrade ? 1 : 0]++;
                }

                break;
            case EventKind.Quote when (_request.Channels & StreamChannels.Quotes) != 0:
                if (_binary)
                {
                    EndBinaryMessage(StreamBinaryMessages.WriteQuote(Chunk().BinarySpan(StreamBinaryMessages.TickBytes), in data.Header, in data.Quote));
                }
                else
                {
                    StreamMessageWriter.WriteQuote(Chunk().Json, in data.Header, in data.Quote);
                    EndMessage();
                }

                _counts[2]++;
                break;
            case EventKind.Depth when (_request.Channels & StreamChannels.Depth) != 0 && !_depthChanged.Contains(data.Header.Instrument):
                _depthChanged.Add(data.Header.Instrument);
                break;
        }
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence)
    {
        // The book stage published its books at its batch end, just before this one.
        foreach (InstrumentId instrument in _depthChanged)
        {
            if (_binary)
            {
                int length = StreamBinaryMessages.WriteDepth(Chunk().BinarySpan(StreamBinaryMessages.DepthBytes(_bids.Length)), _books, instrument, _bids, _asks);
                if (length > 0)
                {
                    EndBinaryMessage(length);
                    _counts[3]++;
                }
            }
            else if (StreamMessageWriter.WriteDepth(Chunk().Json, _books, instrument, _bids, _asks))
            {
                EndMessage();
                _counts[3]++;
            }
        }

        _depthChanged.Clear();
        if (_flushEachBatch)
        {
            Flush();
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
    public void OnTimeout(long sequence)
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }

    private void Run(CancellationToken cancellation)
    {
        _cancellation = cancellation;
        try
        {
            bool eachEvent = _flushEachBatch || (_request.Channels & StreamChannels.Depth) != 0;
            ReplayResult result = ReplayRunner.Run(
                new ReplayOptions
                {
                    JournalDirectory = _services.JournalDirectory,
                    FromTimeNs = _request.FromTimeNs,
                    ToTimeNs = _request.ToTimeNs,
                    Instruments = _request.Instruments,
                    Speed = _request.Speed,
                    Bars = _services.Bars,
                    Books = _services.BookOptions,
                    Signals = _services.Signals,
                    Indicators = (_request.Derived & IndicatorChannelBit()) != 0 ? _services.Indicators : null,
                    BookSnapshots = _books,
                    DerivedSink = this,
                    AdditionalHandlers = [this],
                    BatchSize = eachEvent ? 1 : 1024,
                },
                cancellation: cancellation);
            WriteEnd(result);
        }
        catch (OperationCanceledException)
        {
            // The client went away: nothing to tell it.
        }
        catch (Exception exception) when (exception is IOException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException)
        {
            StreamMessageWriter.WriteError(Chunk().Json, $"replay failed: {exception.Message}");
            EndMessage();
            Flush();
        }
    }

    private ulong IndicatorChannelBit()
    {
        int channel = _services.Derived.Find("indicators");
        return channel < 0 ? 0 : 1UL << channel;
    }

    private void WriteEnd(ReplayResult result)
    {
        Utf8JsonWriter json = Chunk().Json;
        json.WriteStartObject();
        json.WriteString("type", "end");
        json.WriteNumber("events", result.Events);
        long total = 0;
        json.WriteStartObject("messages");
        for (int i = 0; i < s_messageTypes.Length; i++)
        {
            json.WriteNumber(s_messageTypes[i], _counts[i]);
            total += _counts[i];
        }

        for (int i = 0; i < _derivedCounts.Length; i++)
        {
            if ((_request.Derived & (1UL << i)) != 0)
            {
                json.WriteNumber(_services.Derived.Channels[i].Name, _derivedCounts[i]);
                total += _derivedCounts[i];
            }
        }

        json.WriteEndObject();
        json.WriteNumber("total", total);
        json.WriteNumber("lastSeq", result.LastSequence);
        json.WriteNumber("journalIssues", result.IssueCount);
        json.WriteBoolean("cancelled", result.Cancelled);
        json.WriteNumber("elapsedMs", (long)result.Elapsed.TotalMilliseconds);
        json.WriteEndObject();
        EndMessage();
        Flush();
    }

    private ReplayChunk Chunk() => _chunk ??= _pool.TryDequeue(out ReplayChunk? free) ? free : new ReplayChunk(_pool);

    private void EndMessage()
    {
        _chunk!.EndMessage();
        if (_chunk.Length >= FlushBytes)
        {
            Flush();
        }
    }

    private void EndBinaryMessage(int length)
    {
        _chunk!.EndBinaryMessage(length);
        if (_chunk.Length >= FlushBytes)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_chunk is { Count: > 0 } chunk)
        {
            _chunk = null;
            _client.EnqueueReplay(chunk, _cancellation);
        }
    }
}
