using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Diagnostics;
using LowLatencyFeed.Storage.Staging;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// The writer thread of one stream's table, and its catch-up coordinator. Takes live batches in order; when a batch does not
/// start right after the committed checkpoint (the stager dropped batches, the database was down, or the process
/// restarted) it first reads the missing range from the journal and commits it, then returns to the live batches.
/// Market streams skip live rows at or below the checkpoint (no duplicates by construction); derived streams replay
/// from the checkpoint itself and upsert. Failures are classified, counted, and retried with exponential backoff;
/// the ring never waits for any of this.
/// </summary>
internal sealed class TableWriter<TRow, TFormat> : ITableWriter
    where TRow : unmanaged
    where TFormat : struct, ITableFormat<TRow>
{
    private const long Unknown = long.MinValue;

    private readonly BatchChannel<TRow> _channel;
    private readonly ICatchUpSource<TRow> _catchUp;
    private readonly CopyWriter _copy;
    private readonly OverlappedCopySession<TRow, TFormat>? _overlap;
    private readonly StorageOptions _options;
    private readonly IngestionStats _stats;
    private readonly StreamStatistics _streamStats;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly bool _derived;
    private readonly RowBatch<TRow> _catchUpBatch;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<RowBatch<TRow>> _flushCatchUp;
    private Thread? _thread;
    private long _committed = Unknown;
    private bool _stopRequested;
    private bool _idle;
    private int _failureStreak;
    private bool _reconciled;

    // Derived: the lowest source sequence of rows the stager dropped that no handed batch named (taken from the channel
    // when idle), until a catch-up rebuilt from it.
    private long _repairFrom = long.MaxValue;
    private readonly long _liveStartSequence;

    public TableWriter(
        BatchChannel<TRow> channel,
        ICatchUpSource<TRow> catchUp,
        string connectionString,
        InstrumentRegistry? instruments,
        StorageOptions options,
        IngestionStats stats,
        ILogger logger,
        long liveStartSequence)
    {
        _liveStartSequence = liveStartSequence;
        _channel = channel;
        _catchUp = catchUp;
        _connectionString = connectionString;
        _copy = new CopyWriter(connectionString, TFormat.Stream, instruments);
        _options = options;
        _stats = stats;
        _streamStats = stats[TFormat.Stream];
        _logger = logger;
        _derived = StorageStreams.IsDerived(TFormat.Stream);
        _overlap = !_derived && options.CopySessionsPerStream > 1 ? new OverlappedCopySession<TRow, TFormat>(connectionString, TFormat.Stream) : null;
        _catchUpBatch = new RowBatch<TRow>(channel.RowsPerBatch);
        _flushCatchUp = FlushCatchUp;
    }

    public StorageStream Stream => TFormat.Stream;

    public bool IsIdle => Volatile.Read(ref _idle);

    /// <summary>The committed checkpoint as this writer knows it.</summary>
    public long Committed => Volatile.Read(ref _committed);

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "llfeed-db-" + StorageStreams.TableName(TFormat.Stream) };
        _thread.Start();
    }

    public void RequestStop(DateTime drainDeadlineUtc)
    {
        Volatile.Write(ref _stopRequested, true);
        TimeSpan left = drainDeadlineUtc - DateTime.UtcNow;
        if (left <= TimeSpan.Zero)
        {
            _stopping.Cancel();
        }
        else
        {
            _stopping.CancelAfter(left);
        }

        _channel.Wake();
    }

    public bool Join(TimeSpan timeout) => _thread?.Join(timeout) ?? true;

    /// <summary>Runs one step synchronously (tests drive the writer without its thread). Returns false when idle.</summary>
    internal bool Step()
    {
        if (!_copy.IsOpen)
        {
            OpenSession();
        }

        if (!_channel.TryPeek(out RowBatch<TRow> batch))
        {
            // Nothing queued, but the stager may have dropped a range after the last queued batch: repair it now. A
            // derived drop may also hold rows of a sequence the checkpoint covers (the rest of one clock's bars) with no
            // later batch to say so (a clean stop): the channel says where to rebuild from.
            long dropped = _channel.DroppedThrough;
            if (_derived)
            {
                _repairFrom = Math.Min(_repairFrom, _channel.TakeDroppedRepairFrom());
            }

            if (dropped > _committed || _repairFrom <= _committed)
            {
                CatchUp(Math.Max(dropped, _committed), _repairFrom);
                return true;
            }

            return false;
        }

        if (_overlap is not null && _channel.TryPeekSecond(out RowBatch<TRow> next) && ProcessPair(batch, next))
        {
            _channel.Recycle();
            _channel.Recycle();
            return true;
        }

        Process(batch);
        _channel.Recycle();
        return true;
    }

    private void Run()
    {
        _streamStats.SetState(StreamState.Live);
        while (!_stopping.IsCancellationRequested)
        {
            bool stopRequested = Volatile.Read(ref _stopRequested);
            try
            {
                bool worked = Step();
                Volatile.Write(ref _idle, !worked);
                if (!worked)
                {
                    if (stopRequested)
                    {
                        break;
                    }

                    _channel.Wait(TimeSpan.FromMilliseconds(200));
                }
                else if (_failureStreak > 0)
                {
                    _logger.LogInformation("Database writes of {Stream} resumed after {Failures} failed attempts.", StorageStreams.TableName(TFormat.Stream), _failureStreak);
                    _failureStreak = 0;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The drain deadline passed mid catch-up: what is not committed stays in the journal for the next start.
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Volatile.Write(ref _idle, false);
                OnFailure(e);
                if (stopRequested)
                {
                    // The attempt that failed was made after the stop request: do not wait for a failing database,
                    // the journal keeps everything. A failure from before the request (a connection the database
                    // dropped meanwhile) gets one more attempt, or a clean stop would leave its rows to the next start.
                    break;
                }
            }
        }

        _copy.Close();
        _overlap?.Dispose();
        _streamStats.SetState(StreamState.Stopped);
    }

    private void OpenSession()
    {
        long checkpoint = _copy.Open();
        if (!_reconciled)
        {
            checkpoint = Reconcile(checkpoint);
            _reconciled = true;
        }

        _committed = checkpoint;
        _streamStats.SetCheckpoint(checkpoint);
        _streamStats.SetState(StreamState.Live);
    }

    /// <summary>
    /// First session of the run: a checkpoint past the journal's end means the database committed events the journal
    /// lost (a crash before the journal reached the disk). The journal is the source of truth, and this run reuses
    /// those sequences, so the rows after the journal's end are deleted.
    /// </summary>
    private long Reconcile(long checkpoint)
    {
        long journalEnd = _liveStartSequence - 1;
        if (_liveStartSequence == long.MinValue || checkpoint <= journalEnd)
        {
            return checkpoint;
        }

        long deleted = _copy.TruncateAfter(journalEnd);
        _logger.LogError(
            "The database's {Stream} checkpoint {Checkpoint} is past the journal's end {JournalEnd}: the journal lost events the database had stored. Deleted {Rows} rows after the journal's end so the database matches the journal.",
            StorageStreams.TableName(TFormat.Stream), checkpoint, journalEnd, deleted);
        return journalEnd;
    }

    private void Process(RowBatch<TRow> batch)
    {
        if (!_derived && batch.LastSequence <= _committed)
        {
            return;
        }

        long repairFrom = Math.Min(batch.RepairFrom, _repairFrom);
        if (batch.FirstSequence > _committed + 1 || (_derived && repairFrom <= _committed))
        {
            CatchUp(Math.Max(batch.FirstSequence - 1, _committed), repairFrom);
        }

        int start = _derived ? 0 : FirstRowAbove(batch, _committed);
        long checkpoint = Math.Max(batch.LastSequence, _committed);
        if (start == batch.Count && checkpoint == _committed)
        {
            return;
        }

        long micros = _copy.Commit<TRow, TFormat>(batch, start, checkpoint, fromJournal: false);
        _streamStats.Committed(false, batch.Count - start, checkpoint, micros);
        _committed = checkpoint;
    }

    /// <summary>
    /// Two consecutive live batches at once: the second session streams <paramref name="next"/> while this one writes
    /// <paramref name="batch"/>, and commits only after it. False (nothing done) unless both simply continue the
    /// checkpoint, with no catch-up due before or between them.
    /// </summary>
    private bool ProcessPair(RowBatch<TRow> batch, RowBatch<TRow> next)
    {
        if (batch.FirstSequence > _committed + 1 || batch.LastSequence <= _committed || next.FirstSequence > batch.LastSequence + 1)
        {
            return false;
        }

        int start = FirstRowAbove(batch, _committed);
        long first = batch.LastSequence;
        long second = Math.Max(next.LastSequence, first);
        int nextStart = FirstRowAbove(next, first);
        _overlap!.BeginStage(next, nextStart, second);
        long micros;
        try
        {
            micros = _copy.Commit<TRow, TFormat>(batch, start, first, fromJournal: false);
        }
        catch
        {
            _overlap.Complete(commit: false);
            _overlap.Reset();
            throw;
        }

        _streamStats.Committed(false, batch.Count - start, first, micros);
        _committed = first;
        try
        {
            micros = _overlap.Complete(commit: true);
        }
        catch
        {
            // The first batch is committed; the retry reads the checkpoint back and rewrites only the second.
            _overlap.Reset();
            throw;
        }

        _streamStats.Committed(false, next.Count - nextStart, second, micros);
        _streamStats.Overlapped();
        _committed = second;
        return true;
    }

    /// <summary>Reads [checkpoint (derived: itself; market: the next), <paramref name="target"/>] from the journal; derived streams from <paramref name="repairFrom"/> when lower.</summary>
    private void CatchUp(long target, long repairFrom = long.MaxValue)
    {
        if (_committed < 0 && !_options.BackfillFromJournal)
        {
            // New database, no backfill wanted: start at the first live batch.
            _catchUpBatch.Reset(target + 1);
            _catchUpBatch.LastSequence = target;
            _copy.Commit<TRow, TFormat>(_catchUpBatch, 0, target, fromJournal: true);
            _committed = target;
            _streamStats.SetCheckpoint(target);
            _repairFrom = long.MaxValue;
            return;
        }

        long from = _derived ? Math.Max(Math.Min(_committed, repairFrom), 0) : _committed + 1;
        _streamStats.CatchUpStarted();
        _streamStats.SetState(StreamState.CatchingUp);
        // Under sustained overload small catch-ups follow each other: log the large ones and the first of a run.
        LogLevel level = target - from >= 100_000 || _streamStats.CatchUps == 1 ? LogLevel.Information : LogLevel.Debug;
        _logger.Log(
            level,
            "Catching up {Stream} from the journal: sequences {From}..{To} (checkpoint {Checkpoint}).",
            StorageStreams.TableName(TFormat.Stream), from, target, _committed);
        WaitForJournal(target);
        _catchUpBatch.Reset(from);
        long events = _catchUp.Read(from, target, _catchUpBatch, _flushCatchUp, _stopping.Token);

        // Rebuilt from at most the repair point: done (kept until now, so a failed catch-up retries it).
        _repairFrom = long.MaxValue;
        _streamStats.CatchUpRead(events);
        _streamStats.SetState(StreamState.Live);
    }

    private void FlushCatchUp(RowBatch<TRow> batch)
    {
        long checkpoint = Math.Max(batch.LastSequence, _committed);
        long micros = _copy.Commit<TRow, TFormat>(batch, 0, checkpoint, fromJournal: true);
        _streamStats.Committed(true, batch.Count, checkpoint, micros);
        _committed = checkpoint;
        batch.Reset(checkpoint + 1);
    }

    private void WaitForJournal(long target)
    {
        // The stager runs after the journal writer, so the journal has the range; it may still be in its open block.
        var spin = new SpinWait();
        while (_catchUp.ReadableEnd < target)
        {
            _stopping.Token.ThrowIfCancellationRequested();
            if (spin.Count > 20)
            {
                Thread.Sleep(5);
            }
            else
            {
                spin.SpinOnce();
            }
        }
    }

    private void OnFailure(Exception error)
    {
        DatabaseException classified = DatabaseErrors.Classify(error, _connectionString);
        _stats.RecordError(TFormat.Stream, classified);
        _streamStats.SetState(StreamState.Retrying);

        // Every connection of the writer goes, the overlapped session's too (idle outside ProcessPair): after an outage
        // both are dead, and the retry must not spend its attempt finding that out about the second.
        _copy.Close();
        _overlap?.Reset();
        _committed = Unknown;
        _failureStreak++;
        if (_failureStreak == 1 || (_failureStreak & (_failureStreak - 1)) == 0)
        {
            // First failure and then every power of two: an outage is visible without flooding the log.
            _logger.LogWarning(
                "Database write of {Stream} failed ({Kind}, attempt {Attempt}): {Message} Ingestion continues into the journal; the writer catches up from its checkpoint when the database is back.",
                StorageStreams.TableName(TFormat.Stream), classified.Kind, _failureStreak, classified.Message);
        }

        double delayMs = Math.Min(
            _options.MaxRetryDelay.TotalMilliseconds,
            _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_failureStreak - 1, 20)));
        if (!Volatile.Read(ref _stopRequested))
        {
            _stopping.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(delayMs));
        }
    }

    private static int FirstRowAbove(RowBatch<TRow> batch, long committed)
    {
        // Rows are in sequence order: binary search for the first row above the checkpoint.
        TRow[] rows = batch.Rows;
        int lo = 0;
        int hi = batch.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (TFormat.Sequence(in rows[mid]) <= committed)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
