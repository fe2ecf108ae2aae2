using System.Collections.Concurrent;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Ring;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace LowLatencyFeed.Bus.Consuming;

/// <summary>
/// One source stream of a consumer host: positions the durable consumer, checks delivery order (stream sequence) and
/// source order (batch sequences), reassembles each batch from its per feed × kind messages, merges them back into the
/// source's order, filters the shard and publishes it into the ring behind a <see cref="ControlCode.BusBatch"/> marker,
/// then acknowledges once the journal has it.
/// </summary>
public sealed class SourceStreamReader
{
    private const int ChunkEvents = 256;

    private readonly string _stream;
    private readonly long _sourceId;
    private readonly JetStreamSource _source;
    private readonly RingBuffer<MarketEvent> _ring;
    private readonly ILogger _logger;
    private readonly JetStreamSourceStatistics _stats;
    private readonly InstrumentFilter _filter;
    private readonly List<Part> _parts = [];
    private readonly Stack<BusMessageReader> _spareReaders = new();
    private readonly ConcurrentQueue<AckPoint> _acks = new();
    private ResumePoint? _resume;
    private MarketEvent[] _events = new MarketEvent[1024];
    private int[] _slabOffsets = new int[1024];
    private int[] _partOf = new int[1024];
    private ulong _lastStreamSequence;
    private ulong _batchStartStreamSequence;
    private ulong _acceptedJumpAt;
    private long _sourceLast = -1;
    private long _lastRingSequence = -1;
    private bool _assembling;
    private BusMessageHeader _batch;
    private volatile string _state = "starting";

    internal SourceStreamReader(string stream, long sourceId, ResumePoint? resume, JetStreamSource source, RingBuffer<MarketEvent> ring, ILogger logger)
    {
        _stream = stream;
        _sourceId = sourceId;
        _resume = resume;
        _source = source;
        _ring = ring;
        _logger = logger;
        _stats = source.Statistics;
        _filter = source.Options.Filter;
    }

    /// <summary>The stream.</summary>
    public string Stream => _stream;

    /// <summary>What the reader is doing (reading, waiting for the stream, halted on an unknown schema version, …).</summary>
    public string State => _state;

    /// <summary>Last source sequence received from this stream (-1 before the first batch).</summary>
    public long SourceSequence => Volatile.Read(ref _sourceLast);

    /// <summary>Last stream sequence processed.</summary>
    public ulong StreamSequence => Volatile.Read(ref _lastStreamSequence);

    internal async Task RunAsync(NatsJSContext js, CancellationToken cancellation)
    {
        Task acking = AckLoopAsync(cancellation);
        int failures = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                INatsJSConsumer consumer = await PrepareConsumerAsync(js, cancellation).ConfigureAwait(false);
                _state = "reading";
                failures = 0;
                bool halted = await ConsumeAsync(js, consumer, cancellation).ConfigureAwait(false);
                if (halted)
                {
                    await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failures++;
                string message = exception is NatsJSApiException api ? $"{api.Error.Description} (err_code {api.Error.ErrCode})" : exception.Message;
                _stats.Failed($"{_stream}: {message}");
                _state = "retrying: " + message;
                if (failures == 1 || (failures & (failures - 1)) == 0)
                {
                    _logger.LogWarning("Bus source {Stream} (attempt {Attempt}): {Message}; retrying", _stream, failures, message);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10)))), cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        ReleaseParts();
        try
        {
            await acking.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Positions the durable consumer. First time in this run: after the last batch the journal holds (its marker), or
    /// after the consumer's acknowledged floor, whichever is later; later (a delivery out of order): at the first
    /// message not yet fully in the ring. A consumer with messages delivered but unacknowledged is recreated at that
    /// position, because the server would otherwise redeliver them only after the ack wait, out of order.
    /// </summary>
    private async Task<INatsJSConsumer> PrepareConsumerAsync(NatsJSContext js, CancellationToken cancellation)
    {
        _state = "positioning";
        INatsJSConsumer? existing = null;
        try
        {
            existing = await js.GetConsumerAsync(_stream, _source.Options.Durable, cancellation).ConfigureAwait(false);
        }
        catch (NatsJSApiException exception) when (exception.Error.ErrCode == 10014)
        {
            // No such consumer yet.
        }
        catch (NatsJSApiException exception) when (exception.Error.ErrCode == 10059)
        {
            _state = "waiting for the stream";
            throw new InvalidOperationException($"stream {_stream} does not exist yet (its feed host has not published)", exception);
        }

        ulong start;
        long skip = 0;
        bool knownStart;
        if (_lastStreamSequence > 0)
        {
            start = _batchStartStreamSequence > 0 ? _batchStartStreamSequence : _lastStreamSequence + 1;
            knownStart = true;
        }
        else
        {
            // The journal is the truth: its last marker wins over the acknowledged floor (which a reposition can move
            // past events the journal had not written yet); that batch is read again and its journaled events skipped.
            ulong floor = existing?.Info.AckFloor.StreamSeq ?? 0;
            if (_resume is { } point)
            {
                start = point.BatchStreamSequence;
                skip = point.Journaled;
                knownStart = true;
                _logger.LogInformation("Bus source {Stream}: resuming at stream sequence {Start}; the journal already holds {Skip} events of that batch", _stream, start, skip);
            }
            else
            {
                start = floor + 1;
                knownStart = existing is not null;
            }
        }

        ResetAssembly();
        _lastStreamSequence = start - 1;

        // Pending acks name the old consumer's delivery sequences: acking them on a recreated consumer would ack the wrong messages.
        _acks.Clear();
        if (existing is not null && knownStart && existing.Info.AckFloor.StreamSeq + 1 == start && existing.Info.Delivered.StreamSeq == existing.Info.AckFloor.StreamSeq)
        {
            return existing;
        }

        if (existing is not null)
        {
            _stats.Resynced();
            await js.DeleteConsumerAsync(_stream, _source.Options.Durable, cancellation).ConfigureAwait(false);
        }

        var config = new ConsumerConfig(_source.Options.Durable)
        {
            DurableName = _source.Options.Durable,
            AckPolicy = ConsumerConfigAckPolicy.All,
            AckWait = _source.Options.AckWait,
            MaxAckPending = _source.Options.MaxAckPending,
            MaxDeliver = -1,
        };
        if (knownStart)
        {
            config.DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence;
            config.OptStartSeq = start;
        }
        else
        {
            config.DeliverPolicy = _source.Options.StartAt == SourceStart.New ? ConsumerConfigDeliverPolicy.New : ConsumerConfigDeliverPolicy.All;
            _lastStreamSequence = 0;
        }

        return await js.CreateOrUpdateConsumerAsync(_stream, config, cancellation).ConfigureAwait(false);
    }

    /// <summary>Reads until cancelled or until the delivery must be repositioned (false) or the stream halts (true).</summary>
    private async Task<bool> ConsumeAsync(NatsJSContext js, INatsJSConsumer consumer, CancellationToken cancellation)
    {
        // Short pull expiry and heartbeats: a pull lost with a failed server (a cluster's leader change) is noticed in
        // seconds, not after the default 30 s expiry.
        var opts = new NatsJSConsumeOpts { MaxMsgs = 1000, Expires = TimeSpan.FromSeconds(5), IdleHeartbeat = TimeSpan.FromSeconds(1) };
        await foreach (NatsJSMsg<NatsMemoryOwner<byte>> message in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(opts: opts, cancellationToken: cancellation).ConfigureAwait(false))
        {
            ulong sequence = message.Metadata?.Sequence.Stream ?? 0;
            if (sequence <= _lastStreamSequence && _lastStreamSequence > 0)
            {
                _stats.Redelivered();
                message.Data.Dispose();
                continue;
            }

            if (_lastStreamSequence > 0 && sequence != _lastStreamSequence + 1 && _acceptedJumpAt != _lastStreamSequence)
            {
                INatsJSStream info = await js.GetStreamAsync(_stream, cancellationToken: cancellation).ConfigureAwait(false);
                if (info.Info.State.FirstSeq <= _lastStreamSequence + 1)
                {
                    // Delivered out of order (messages pending from a lost connection): reposition and read again.
                    _logger.LogWarning("Bus source {Stream}: stream sequence {Got} delivered after {Last}; repositioning the consumer", _stream, sequence, _lastStreamSequence);
                    message.Data.Dispose();
                    _acceptedJumpAt = _lastStreamSequence;
                    throw new InvalidOperationException($"delivery out of order at stream sequence {sequence}");
                }
            }

            _acceptedJumpAt = 0;
            _lastStreamSequence = sequence;
            _stats.Message();
            _source.OnMessage?.Invoke(0);
            if (!Accept(message))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes one message into the batch being assembled; false when the stream must halt (unknown schema version).</summary>
    private bool Accept(NatsJSMsg<NatsMemoryOwner<byte>> message)
    {
        BusMessageReader reader = _spareReaders.Count > 0 ? _spareReaders.Pop() : new BusMessageReader();
        NatsMemoryOwner<byte> data = message.Data;
        BusReadStatus status = reader.Open(data.Memory);
        ulong sequence = _lastStreamSequence;
        if (status == BusReadStatus.UnknownVersion)
        {
            _stats.Unknown();
            _stats.LastError = $"{_stream}: stream sequence {sequence} has bus schema version {reader.Header.Version}; this build reads {BusMessageHeader.CurrentVersion}";
            _state = "halted: " + _stats.LastError;
            _logger.LogError(
                "Bus source {Stream}: the message at stream sequence {Sequence} (subject {Subject}) has schema version {Version}, this consumer reads version {Current}. Reading of this stream stops here, unacknowledged: upgrade the consumer host and it resumes at this message.",
                _stream, sequence, message.Subject, reader.Header.Version, BusMessageHeader.CurrentVersion);
            data.Dispose();
            _spareReaders.Push(reader);
            return false;
        }

        if (status != BusReadStatus.Ok)
        {
            _stats.Undecoded();
            _stats.LastError = $"{_stream}: stream sequence {sequence} is not a decodable bus message ({status})";
            _logger.LogError("Bus source {Stream}: the message at stream sequence {Sequence} (subject {Subject}, {Bytes} bytes) does not decode ({Status}); skipped and reported as a gap", _stream, sequence, message.Subject, data.Memory.Length, status);
            data.Dispose();
            _spareReaders.Push(reader);
            PublishControl(ControlCode.BusMessageSkipped, (long)sequence, 0, default);
            if (!_assembling)
            {
                _acks.Enqueue(new AckPoint(_lastRingSequence, message));
                _batchStartStreamSequence = 0;
            }

            return true;
        }

        ref readonly BusMessageHeader header = ref reader.Header;
        if (_assembling && header.BatchFirstSequence != _batch.BatchFirstSequence)
        {
            // The previous batch lost messages: what arrived of it goes in, flagged by a gap.
            _logger.LogWarning("Bus source {Stream}: batch {First}..{Last} is incomplete ({Have} of {Parts} messages)", _stream, _batch.BatchFirstSequence, _batch.BatchLastSequence, _parts.Count, _batch.PartCount);
            PublishControl(ControlCode.BusGap, _batch.BatchFirstSequence, _batch.BatchLastSequence, default);
            _stats.Gap();
            CompleteBatch(_parts[^1].Message);
        }

        if (!_assembling)
        {
            _assembling = true;
            _batch = header;
            _batchStartStreamSequence = sequence;
        }

        _parts.Add(new Part(reader, message));
        if (header.IsLastPart)
        {
            CompleteBatch(message);
        }

        return true;
    }

    private void CompleteBatch(NatsJSMsg<NatsMemoryOwner<byte>> last)
    {
        CheckOrder();
        int count = Merge();
        int kept = Filter(count);
        int skip = 0;
        if (_resume is { } resume && resume.BatchStreamSequence == _batchStartStreamSequence)
        {
            skip = (int)Math.Min(resume.Journaled, kept);
            _stats.Duplicate(skip);
        }

        _resume = null;
        int total = kept - skip;
        for (int offset = 0; offset < total; offset += ChunkEvents)
        {
            PublishChunk(skip + offset, Math.Min(ChunkEvents, total - offset), skip + offset, kept);
        }

        _stats.Published(total);
        Volatile.Write(ref _sourceLast, _batch.BatchLastSequence);

        _acks.Enqueue(new AckPoint(_lastRingSequence, last));
        ReleaseParts();
        ResetAssembly();
    }

    private void CheckOrder()
    {
        long first = _batch.BatchFirstSequence;
        if (_sourceLast < 0)
        {
            return;
        }

        if (first > _sourceLast + 1)
        {
            _stats.Gap();
            _logger.LogWarning("Bus source {Stream}: source sequences {From}..{To} never arrived (stream limits, or messages removed); reported as a gap", _stream, _sourceLast + 1, first - 1);
            PublishControl(ControlCode.BusGap, _sourceLast + 1, first - 1, default);
        }
        else if (first <= _sourceLast)
        {
            _stats.Reset();
            _logger.LogWarning("Bus source {Stream}: source sequence went back from {Last} to {First}: the feed host's journal was reset", _stream, _sourceLast, first);
            PublishControl(ControlCode.BusSourceReset, _sourceLast, first, default);
            Volatile.Write(ref _sourceLast, -1);
        }
    }

    /// <summary>Decodes the batch's messages into <see cref="_events"/> in source order; returns the count.</summary>
    private int Merge()
    {
        int count = 0;
        while (true)
        {
            int best = -1;
            long bestSequence = long.MaxValue;
            for (int p = 0; p < _parts.Count; p++)
            {
                BusMessageReader r = _parts[p].Reader;
                if (r.HasNext && r.NextSequence < bestSequence)
                {
                    best = p;
                    bestSequence = r.NextSequence;
                }
            }

            if (best < 0)
            {
                return count;
            }

            if (count == _events.Length)
            {
                Array.Resize(ref _events, count * 2);
                Array.Resize(ref _slabOffsets, count * 2);
                Array.Resize(ref _partOf, count * 2);
            }

            if (!_parts[best].Reader.MoveNext(ref _events[count], out _slabOffsets[count]))
            {
                _stats.Undecoded();
                _logger.LogError("Bus source {Stream}: a message of batch {First}..{Last} is damaged after {Count} events; the rest of it is skipped", _stream, _batch.BatchFirstSequence, _batch.BatchLastSequence, count);
                PublishControl(ControlCode.BusGap, _batch.BatchFirstSequence, _batch.BatchLastSequence, default);
                continue;
            }

            _partOf[count] = best;
            count++;
        }
    }

    /// <summary>Moves the events this host keeps to the front; returns how many.</summary>
    private int Filter(int count)
    {
        if (_filter.IsAll)
        {
            return count;
        }

        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (_filter.Keeps(in _events[i]))
            {
                if (kept != i)
                {
                    _events[kept] = _events[i];
                    _slabOffsets[kept] = _slabOffsets[i];
                    _partOf[kept] = _partOf[i];
                }

                kept++;
            }
        }

        _stats.FilteredOut(count - kept);
        return kept;
    }

    /// <summary>Claims a marker plus <paramref name="n"/> slots at once, so the chunk is contiguous in the journal.</summary>
    private void PublishChunk(int from, int n, int offset, int total)
    {
        long high = _ring.Next(n + 1);
        long low = high - n;
        ref MarketEvent marker = ref _ring[low];
        marker = default;
        marker.Header.Kind = EventKind.Control;
        marker.Header.Instrument = new Core.Instruments.InstrumentId(_sourceId);
        marker.Header.ExchangeTimeNs = _events[from].Header.ExchangeTimeNs;
        marker.Header.ReceiveTimeNs = _events[from].Header.ReceiveTimeNs;
        marker.Header.Sequence = low;
        marker.Control.Code = ControlCode.BusBatch;
        marker.Control.Reason = n;
        marker.Control.Argument0 = (long)_batchStartStreamSequence;
        marker.Control.Argument1 = ((long)offset << 32) | (uint)total;
        for (int i = 0; i < n; i++)
        {
            long sequence = low + 1 + i;
            ref MarketEvent slot = ref _ring[sequence];
            slot = _events[from + i];
            slot.Header.Sequence = sequence;
            if (slot.Header.Kind == EventKind.Depth && slot.Depth.SlabIndex == Journal.Format.RecordCodec.UnresolvedSlab)
            {
                PlaceSlab(ref slot, _slabOffsets[from + i], _parts[_partOf[from + i]].Reader, sequence);
            }
        }

        _ring.Publish(low, high);
        _lastRingSequence = high;
    }

    private void PlaceSlab(ref MarketEvent slot, int slabDataOffset, BusMessageReader reader, long sequence)
    {
        DepthSlabPool slabs = _source.Slabs;
        if (slot.Depth.BidCount > slabs.LevelsPerSide || slot.Depth.AskCount > slabs.LevelsPerSide)
        {
            slot.Depth.BidCount = 0;
            slot.Depth.AskCount = 0;
            slot.Depth.SlabIndex = -1;
            _stats.Undecoded();
            return;
        }

        int slab = slabs.Claim(sequence);
        reader.CopySlabLevels(slabDataOffset, in slot.Depth, slabs, slab);
        slot.Depth.SlabIndex = slab;
    }

    private void PublishControl(ControlCode code, long argument0, long argument1, int reason)
    {
        long sequence = _ring.Next();
        ref MarketEvent slot = ref _ring[sequence];
        slot = default;
        long now = MonotonicClock.Shared.UnixNanoseconds();
        slot.Header.Kind = EventKind.Control;
        slot.Header.Instrument = new Core.Instruments.InstrumentId(_sourceId);
        slot.Header.ExchangeTimeNs = now;
        slot.Header.ReceiveTimeNs = now;
        slot.Header.Sequence = sequence;
        slot.Control.Code = code;
        slot.Control.Reason = reason;
        slot.Control.Argument0 = argument0;
        slot.Control.Argument1 = argument1;
        _ring.Publish(sequence);
        _lastRingSequence = sequence;
    }

    private void ResetAssembly()
    {
        ReleaseParts();
        _assembling = false;
        _batchStartStreamSequence = 0;
    }

    private void ReleaseParts()
    {
        foreach (Part part in _parts)
        {
            part.Message.Data.Dispose();
            _spareReaders.Push(part.Reader);
        }

        _parts.Clear();
    }

    /// <summary>Acknowledges (ack-all) the newest message whose events the journal has.</summary>
    private async Task AckLoopAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            long progress = _source.JournalProgress();
            AckPoint? newest = null;
            while (_acks.TryPeek(out AckPoint point) && point.RingSequence <= progress)
            {
                _acks.TryDequeue(out _);
                newest = point;
            }

            if (newest is { } ack)
            {
                try
                {
                    await ack.Message.AckAsync(cancellationToken: cancellation).ConfigureAwait(false);
                    _stats.Acked();
                }
                catch (Exception exception) when (exception is NatsException or OperationCanceledException)
                {
                    // Unacknowledged messages are delivered again after a restart and skipped by their markers.
                    _stats.Failed($"{_stream}: ack failed: {exception.Message}");
                }
            }
        }
    }

    private readonly record struct Part(BusMessageReader Reader, NatsJSMsg<NatsMemoryOwner<byte>> Message);

    private readonly record struct AckPoint(long RingSequence, NatsJSMsg<NatsMemoryOwner<byte>> Message);
}
