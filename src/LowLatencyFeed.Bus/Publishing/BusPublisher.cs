using System.Diagnostics;
using LowLatencyFeed.Bus.Connection;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Journal.Reading;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace LowLatencyFeed.Bus.Publishing;

/// <summary>
/// The publisher loop of the bus stage. It owns the NATS connection and this host's stream; it reads the stream's last
/// message back on every (re)start to learn exactly what is stored, then publishes batches in order, one message per
/// feed × kind, with pipelined acknowledgements. A batch leaves only once the journal holds it (written or durable), so
/// the stream never has what the journal lost. Every range the stager dropped, or that was in flight when a publish
/// failed, is read back from the journal: the stream ends up with every event exactly once, in order.
/// </summary>
/// <remarks>
/// Exactly-once in order rests on three things: one stream per publishing host; each message after the first of a
/// session carrying <c>Nats-Expected-Last-Msg-Id</c> (the previous message's id), so the server refuses anything sent
/// after a message it did not store; and <c>Nats-Msg-Id</c> = host:first sequence, so a resend of a stored message is
/// dropped by the server's duplicate window.
/// </remarks>
public sealed class BusPublisher : IAsyncDisposable
{
    private readonly BusPublisherOptions _options;
    private readonly BusChannel _channel;
    private readonly string _journalDirectory;
    private readonly Func<long> _journalProgress;
    private readonly long _liveStart;
    private readonly long _journalLastAtStart;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string[] _subjects = new string[BusSubjects.PartitionKeys];
    private readonly Queue<InFlight> _inFlight = new();
    private readonly PublishAckInbox _inbox;
    private readonly BusBatch _catchUpBatch;
    private readonly CancellationTokenSource _stopping = new();
    private byte[] _sendBuffer = new byte[64 * 1024];
    private NatsConnection? _connection;
    private NatsJSContext? _js;
    private Task? _loop;
    private long _published = -1;
    private long _number;
    private string? _lastMessageId;
    private bool _synced;
    private bool _stopRequested;
    private int _failureStreak;

    /// <summary>Creates the publisher; <see cref="Start"/> runs it.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="channel">Batches from the stager.</param>
    /// <param name="journalDirectory">The journal to read dropped ranges from.</param>
    /// <param name="journalProgress">Last sequence the journal has written (or fsynced, per <see cref="BusPublisherOptions.PublishAfter"/>).</param>
    /// <param name="liveStart">First sequence of this run's ring.</param>
    /// <param name="loggerFactory">Logging.</param>
    public BusPublisher(BusPublisherOptions options, BusChannel channel, string journalDirectory, Func<long> journalProgress, long liveStart, ILoggerFactory loggerFactory)
    {
        _options = options;
        _channel = channel;
        _journalDirectory = journalDirectory;
        _journalProgress = journalProgress;
        _liveStart = liveStart;
        _journalLastAtStart = liveStart - 1;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<BusPublisher>();
        _inbox = new PublishAckInbox(options.MaxInFlight);
        _catchUpBatch = new BusBatch(channel.MaxBytes, channel.MaxEvents, channel.SlabLevelsPerSide);
        for (int key = 0; key < _subjects.Length; key++)
        {
            _subjects[key] = BusSubjects.Subject(options.Host, key);
        }
    }

    /// <summary>Counters.</summary>
    public BusPublisherStatistics Statistics { get; } = new();

    /// <summary>Whether the connection is up.</summary>
    public bool IsConnected => _connection?.ConnectionState == NatsConnectionState.Open;

    /// <summary>Highest source sequence sent (acknowledged or in flight).</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Starts the loop.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>
    /// Publishes what is queued and due (call after the ring drained), waiting at most until <paramref name="deadlineUtc"/>;
    /// what is not acknowledged by then stays in the journal and goes out at the next start.
    /// </summary>
    public async Task StopAsync(DateTime deadlineUtc)
    {
        Volatile.Write(ref _stopRequested, true);
        TimeSpan left = deadlineUtc - DateTime.UtcNow;
        _stopping.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        _channel.Wake();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(DateTime.UtcNow).ConfigureAwait(false);
        await _inbox.DisposeAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await StepAsync(stopping).ConfigureAwait(false))
                {
                    break;
                }

                if (_failureStreak > 0)
                {
                    _logger.LogInformation("Bus publishing to {Stream} resumed after {Failures} failed attempts; acknowledged through sequence {Sequence}", _options.StreamName, _failureStreak, Statistics.Acknowledged);
                    _failureStreak = 0;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                await OnFailureAsync(exception, stopping).ConfigureAwait(false);
            }
        }

        Statistics.SetState(BusPublisherState.Stopped);
        _logger.LogInformation("Bus publisher stopped: acknowledged through sequence {Sequence}, {Messages} messages, {Events} events", Statistics.Acknowledged, Statistics.Messages, Statistics.Events);
    }

    /// <summary>One unit of work; true when stopping and everything due is acknowledged.</summary>
    private async Task<bool> StepAsync(CancellationToken stopping)
    {
        if (!_synced)
        {
            await ConnectAndResyncAsync(stopping).ConfigureAwait(false);
        }

        CompleteAcknowledged();
        if (_channel.TryPeek(out BusBatch batch))
        {
            if (batch.Last <= _published)
            {
                _channel.Recycle();
            }
            else if (batch.First > _published + 1)
            {
                await CatchUpAsync(_published + 1, batch.First - 1, stopping).ConfigureAwait(false);
            }
            else if (batch.First <= _published)
            {
                await CatchUpAsync(_published + 1, batch.Last, stopping).ConfigureAwait(false);
                _channel.Recycle();
            }
            else
            {
                await WaitForJournalAsync(batch.Last, stopping).ConfigureAwait(false);
                Statistics.SetState(BusPublisherState.Live);
                await SendBatchAsync(batch, 0, stopping).ConfigureAwait(false);
                _channel.Recycle();
            }

            return false;
        }

        long dropped = _channel.DroppedThrough;
        if (dropped > _published)
        {
            await CatchUpAsync(_published + 1, dropped, stopping).ConfigureAwait(false);
            return false;
        }

        if (_inFlight.Count > 0)
        {
            await CompleteOldestAsync(stopping).ConfigureAwait(false);
            return false;
        }

        if (Volatile.Read(ref _stopRequested))
        {
            return true;
        }

        try
        {
            await _channel.WaitAsync(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Deadline: the loop condition ends the run.
        }

        return false;
    }

    private async Task ConnectAndResyncAsync(CancellationToken stopping)
    {
        Statistics.SetState(BusPublisherState.Connecting);
        if (_connection is null)
        {
            try
            {
                _connection = await NatsConnector.ConnectAsync(NatsConnector.Options(_options.Url, "llfeed-bus-" + _options.Host, _options.User, _options.Password, _options.Token, _loggerFactory)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NatsException or TimeoutException or OperationCanceledException && !stopping.IsCancellationRequested)
            {
                throw new BusPublishException(BusPublishErrorKind.Unreachable, $"cannot connect to {_options.Url}: {exception.Message}", exception);
            }

            _js = new NatsJSContext(_connection);
            long maxPayload = _connection.ServerInfo?.MaxPayload ?? long.MaxValue;
            if (_channel.MaxBytes + BusMessageHeader.Size + 1024 > maxPayload)
            {
                _logger.LogError("Bus:MaxBatchBytes ({Bytes}) is larger than the server's max_payload ({MaxPayload}): large batches will be refused. Lower Bus:MaxBatchBytes.", _channel.MaxBytes, maxPayload);
            }
        }

        await _inbox.StartAsync(_connection).ConfigureAwait(false);
        _inFlight.Clear();
        long stored = await ReadBackAsync(stopping).ConfigureAwait(false);
        Statistics.SetAcknowledged(stored);
        _synced = true;
    }

    /// <summary>Ensures the stream exists and returns the last source sequence it holds from this host (after completing a half-stored batch).</summary>
    private async Task<long> ReadBackAsync(CancellationToken stopping)
    {
        INatsJSStream stream;
        try
        {
            stream = await _js!.GetStreamAsync(_options.StreamName, cancellationToken: stopping).ConfigureAwait(false);
        }
        catch (NatsJSApiException exception) when (exception.Error.ErrCode == 10059 && _options.CreateStream)
        {
            stream = await CreateStreamAsync(stopping).ConfigureAwait(false);
        }
        catch (NatsJSApiException exception)
        {
            throw new BusPublishException(BusPublishErrorKind.Stream, $"stream {_options.StreamName}: {exception.Error.Description} (err_code {exception.Error.ErrCode})", exception);
        }
        catch (Exception exception) when (exception is NatsNoRespondersException or NatsJSApiNoResponseException or TimeoutException or NatsException && !stopping.IsCancellationRequested)
        {
            throw new BusPublishException(BusPublishErrorKind.NoResponders, $"JetStream did not answer for stream {_options.StreamName}: {exception.Message}", exception);
        }

        ulong lastStreamSequence = stream.Info.State.LastSeq;
        _lastMessageId = null;
        if (lastStreamSequence == 0 || stream.Info.State.Messages == 0)
        {
            // Nothing stored (a new stream, or everything before was refused): from the start of this run, or of the journal.
            _published = _options.BackfillFromJournal ? FirstJournalSequence() - 1 : _liveStart - 1;
            _logger.LogInformation("Bus stream {Stream} holds nothing from this host: publishing from sequence {Sequence}", _options.StreamName, _published + 1);
            return _published;
        }

        var response = await _js!.JSRequestResponseAsync<StreamMsgGetRequest, StreamMsgGetResponse>(
            $"$JS.API.STREAM.MSG.GET.{_options.StreamName}", new StreamMsgGetRequest { Seq = lastStreamSequence }, stopping).ConfigureAwait(false);
        StoredMessage? last = response.Message;
        byte[] data = last?.Data.ToArray() ?? [];
        if (BusMessageHeader.TryRead(data, out BusMessageHeader header) != BusHeaderStatus.Ok)
        {
            throw new BusPublishException(BusPublishErrorKind.Stream, $"the last message of stream {_options.StreamName} (stream sequence {lastStreamSequence}, subject {last?.Subject}) is not a version-{BusMessageHeader.CurrentVersion} bus message of this host: another publisher writes into this stream. Give each host its own Bus:Host/Bus:Stream.");
        }

        _lastMessageId = BusSubjects.MessageId(_options.Host, header.FirstSequence);
        long journalEnd = _journalProgress();
        if (header.BatchLastSequence > Math.Max(journalEnd, _journalLastAtStart))
        {
            _logger.LogError(
                "Bus stream {Stream} holds sequences up to {Stored} but this journal ends at {JournalEnd}: the journal lost events the bus had (a power loss before fsync, or a reset journal). Publishing resumes after {Stored}; use Bus:PublishAfter=Durable to rule this out.",
                _options.StreamName, header.BatchLastSequence, journalEnd, header.BatchLastSequence);
        }

        if (header.IsLastPart)
        {
            _published = header.BatchLastSequence;
            return _published;
        }

        // A batch was cut off between its messages: rebuild it from the journal and send the rest (same ids, same content).
        _logger.LogInformation("Bus stream {Stream}: batch {First}..{Last} holds {Stored} of {Parts} messages; sending the rest from the journal", _options.StreamName, header.BatchFirstSequence, header.BatchLastSequence, header.PartIndex + 1, header.PartCount);
        _published = header.BatchFirstSequence - 1;
        await WaitForJournalAsync(header.BatchLastSequence, stopping).ConfigureAwait(false);
        _catchUpBatch.Reset();
        using (JournalCursor cursor = OpenJournal(header.BatchFirstSequence, header.BatchLastSequence))
        {
            while (cursor.MoveNext())
            {
                _catchUpBatch.Append(in cursor.Current, cursor.Current.Header.Sequence, cursor.DepthSlabs);
            }
        }

        if (_catchUpBatch.Last != header.BatchLastSequence || _catchUpBatch.PartCount != header.PartCount)
        {
            _logger.LogError("Bus: the journal's batch {First}..{Last} does not match the stream's ({Parts} messages there, {Rebuilt} rebuilt); sending the rebuilt remainder", header.BatchFirstSequence, header.BatchLastSequence, header.PartCount, _catchUpBatch.PartCount);
        }

        await SendBatchAsync(_catchUpBatch, header.PartIndex + 1, stopping).ConfigureAwait(false);
        await DrainInFlightAsync(stopping).ConfigureAwait(false);
        _published = Math.Max(_published, header.BatchLastSequence);
        return _published;
    }

    private async Task<INatsJSStream> CreateStreamAsync(CancellationToken stopping)
    {
        var config = new StreamConfig(_options.StreamName, [BusSubjects.HostWildcard(_options.Host)])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = _options.Replicas,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            DuplicateWindow = _options.DuplicateWindow,
            MaxAge = _options.MaxAge,
            MaxBytes = _options.MaxBytes > 0 ? _options.MaxBytes : -1,
        };
        try
        {
            var created = await _js!.CreateStreamAsync(config, stopping).ConfigureAwait(false);
            _logger.LogInformation("Created bus stream {Stream} for subjects {Subjects} with {Replicas} replica(s)", _options.StreamName, BusSubjects.HostWildcard(_options.Host), _options.Replicas);
            return created;
        }
        catch (NatsJSApiException exception)
        {
            throw new BusPublishException(BusPublishErrorKind.Stream, $"cannot create stream {_options.StreamName}: {exception.Error.Description} (err_code {exception.Error.ErrCode})", exception);
        }
    }

    private async Task CatchUpAsync(long from, long to, CancellationToken stopping)
    {
        Statistics.SetState(BusPublisherState.CatchingUp);
        await WaitForJournalAsync(to, stopping).ConfigureAwait(false);
        long events = 0;
        long expected = from;
        _catchUpBatch.Reset();
        using (JournalCursor cursor = OpenJournal(from, to))
        {
            while (cursor.MoveNext())
            {
                long sequence = cursor.Current.Header.Sequence;
                if (sequence < from || sequence > to)
                {
                    continue;
                }

                if (sequence != expected)
                {
                    NoteMissing(expected, sequence - 1);
                }

                if (_catchUpBatch.IsFull)
                {
                    await SendBatchAsync(_catchUpBatch, 0, stopping).ConfigureAwait(false);
                    _catchUpBatch.Reset();
                }

                _catchUpBatch.Append(in cursor.Current, sequence, cursor.DepthSlabs);
                expected = sequence + 1;
                events++;
            }
        }

        if (!_catchUpBatch.IsEmpty)
        {
            await SendBatchAsync(_catchUpBatch, 0, stopping).ConfigureAwait(false);
            _catchUpBatch.Reset();
        }

        if (expected <= to)
        {
            NoteMissing(expected, to);
        }

        _published = Math.Max(_published, to);
        Statistics.CatchUp(events);
        LogLevel level = to - from >= 100_000 || Statistics.CatchUps == 1 ? LogLevel.Information : LogLevel.Debug;
        _logger.Log(level, "Bus caught up sequences {From}..{To} from the journal ({Events} events)", from, to, events);
    }

    private void NoteMissing(long from, long to)
    {
        Statistics.Skipped(to - from + 1);
        _logger.LogWarning("Bus: the journal no longer has sequences {From}..{To} (retention or damage); the bus skips them and consumers will report the gap", from, to);
    }

    private JournalCursor OpenJournal(long from, long to) =>
        JournalReader.Open(_journalDirectory).Read(new JournalQuery { FromSequence = from, ToSequence = to });

    private long FirstJournalSequence()
    {
        using JournalCursor cursor = JournalReader.Open(_journalDirectory).Read();
        return cursor.MoveNext() ? cursor.Current.Header.Sequence : _liveStart;
    }

    private async Task SendBatchAsync(BusBatch batch, int fromPart, CancellationToken stopping)
    {
        for (int part = fromPart; part < batch.PartCount; part++)
        {
            int length = batch.MessageBytes(part);
            if (_sendBuffer.Length < length)
            {
                _sendBuffer = new byte[Math.Max(length, _sendBuffer.Length * 2)];
            }

            length = batch.BuildMessage(part, _sendBuffer);
            string id = BusSubjects.MessageId(_options.Host, batch.PartFirstSequence(part));
            var headers = new NatsHeaders { ["Nats-Msg-Id"] = id };
            if (_lastMessageId is not null)
            {
                headers["Nats-Expected-Last-Msg-Id"] = _lastMessageId;
            }

            while (_inFlight.Count >= _options.MaxInFlight)
            {
                await CompleteOldestAsync(stopping).ConfigureAwait(false);
            }

            long number = ++_number;
            _inbox.Register(number);
            try
            {
                await _connection!.PublishAsync(_subjects[batch.PartitionKey(part)], new ReadOnlyMemory<byte>(_sendBuffer, 0, length), headers, _inbox.ReplyTo(number), cancellationToken: stopping).ConfigureAwait(false);
            }
            catch (NatsPayloadTooLargeException exception)
            {
                throw new BusPublishException(BusPublishErrorKind.TooLarge, $"a {length}-byte message exceeds the server's max_payload: lower Bus:MaxBatchBytes", exception);
            }
            catch (NatsException exception)
            {
                throw new BusPublishException(BusPublishErrorKind.Unreachable, $"publish failed: {exception.Message}", exception);
            }

            _inFlight.Enqueue(new InFlight(number, batch.Last, part == batch.PartCount - 1, Stopwatch.GetTimestamp()));
            _lastMessageId = id;
            Statistics.SentMessage(length);
        }

        Statistics.SentEvents(batch.Events);
        _published = Math.Max(_published, batch.Last);
    }

    private void CompleteAcknowledged()
    {
        while (_inFlight.TryPeek(out InFlight entry) && _inbox.StateOf(entry.Number) != PublishAckInbox.AckState.Pending)
        {
            Complete(entry, _inbox.StateOf(entry.Number));
        }
    }

    private async Task CompleteOldestAsync(CancellationToken stopping)
    {
        InFlight entry = _inFlight.Peek();
        long deadline = entry.SentTimestamp + (long)(_options.AckTimeout.TotalSeconds * Stopwatch.Frequency);
        var state = await _inbox.WaitAsync(entry.Number, deadline, stopping).ConfigureAwait(false);
        if (state == PublishAckInbox.AckState.Pending)
        {
            throw new BusPublishException(BusPublishErrorKind.AckTimeout, $"no acknowledgement within {_options.AckTimeout.TotalSeconds:0.#} s from stream {_options.StreamName} (server down mid-publish, no permission to publish on llfeed.{_options.Host}.>, or no stream)");
        }

        Complete(entry, state);
    }

    private async Task DrainInFlightAsync(CancellationToken stopping)
    {
        while (_inFlight.Count > 0)
        {
            await CompleteOldestAsync(stopping).ConfigureAwait(false);
        }
    }

    private void Complete(InFlight entry, PublishAckInbox.AckState state)
    {
        switch (state)
        {
            case PublishAckInbox.AckState.Stored:
                _inFlight.Dequeue();
                if (entry.IsLastPart)
                {
                    Statistics.Acked(entry.BatchLast, _inbox.DuplicateOf(entry.Number));
                }
                else if (_inbox.DuplicateOf(entry.Number))
                {
                    Statistics.Acked(-1, duplicate: true);
                }

                return;
            case PublishAckInbox.AckState.WrongLastMessage:
                throw new BusPublishException(BusPublishErrorKind.OutOfOrder, $"stream {_options.StreamName} refused a message out of order: {_inbox.ErrorOf(entry.Number)}");
            case PublishAckInbox.AckState.NoResponders:
                throw new BusPublishException(BusPublishErrorKind.NoResponders, _inbox.ErrorOf(entry.Number) ?? "no responders");
            default:
                throw new BusPublishException(BusPublishErrorKind.Refused, $"stream {_options.StreamName} refused the message: {_inbox.ErrorOf(entry.Number)}");
        }
    }

    private async Task WaitForJournalAsync(long target, CancellationToken stopping)
    {
        int spins = 0;
        while (_journalProgress() < target)
        {
            stopping.ThrowIfCancellationRequested();
            if (++spins < 50)
            {
                Thread.Yield();
            }
            else
            {
                await Task.Delay(1, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task OnFailureAsync(Exception error, CancellationToken stopping)
    {
        var failure = error as BusPublishException ?? new BusPublishException(
            error is NatsException ? BusPublishErrorKind.Unreachable : BusPublishErrorKind.Other, error.Message, error);
        Statistics.Failed(failure.Kind, failure.Message);
        Statistics.SetState(BusPublisherState.Retrying);
        _synced = false;
        _inFlight.Clear();
        _failureStreak++;
        if (failure.Kind == BusPublishErrorKind.Unreachable && _connection is not null && _connection.ConnectionState != NatsConnectionState.Open)
        {
            // Let the client reconnect on its own; a connection that never opened is rebuilt.
        }

        if (_failureStreak == 1 || (_failureStreak & (_failureStreak - 1)) == 0)
        {
            _logger.LogWarning(
                "Bus publish to {Stream} failed ({Kind}, attempt {Attempt}): {Message} Ingestion continues; the journal keeps every event and the bus catches up from the last acknowledged sequence ({Sequence}).",
                _options.StreamName, failure.Kind, _failureStreak, failure.Message, Statistics.Acknowledged);
        }

        double delayMs = Math.Min(
            _options.MaxRetryDelay.TotalMilliseconds,
            _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_failureStreak - 1, 20)));
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly record struct InFlight(long Number, long BatchLast, bool IsLastPart, long SentTimestamp);
}
