using System.Runtime.ExceptionServices;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// A stream's second database session, on its own thread: it streams the next batch's COPY while the stream's main
/// session writes the current one, then commits only when told that the batch before it committed. So two COPYs of
/// one table run at once (two server backends), while the checkpoint still advances strictly in batch order: a crash
/// can leave the later batch uncommitted, never the earlier one.
/// </summary>
internal sealed class OverlappedCopySession<TRow, TFormat> : IDisposable
    where TRow : unmanaged
    where TFormat : struct, ITableFormat<TRow>
{
    private readonly CopyWriter _copy;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _staged = new(0, 1);
    private readonly SemaphoreSlim _decided = new(0, 1);
    private readonly SemaphoreSlim _finished = new(0, 1);
    private readonly SemaphoreSlim _work = new(0, 1);
    private RowBatch<TRow>? _batch;
    private int _start;
    private long _checkpoint;
    private bool _commit;
    private bool _disposed;
    private Exception? _error;
    private long _micros;

    public OverlappedCopySession(string connectionString, StorageStream stream)
    {
        _copy = new CopyWriter(connectionString, stream, instruments: null, session: 1);
        _thread = new Thread(Run) { IsBackground = true, Name = "llfeed-db-" + StorageStreams.TableName(stream) + "-2" };
        _thread.Start();
    }

    /// <summary>Starts staging rows [<paramref name="start"/>, Count) of <paramref name="batch"/> on the session's thread.</summary>
    public void BeginStage(RowBatch<TRow> batch, int start, long checkpoint)
    {
        _batch = batch;
        _start = start;
        _checkpoint = checkpoint;
        _error = null;
        _work.Release();
    }

    /// <summary>
    /// Tells the session whether the batch before its own committed (<paramref name="commit"/>) or failed, waits for
    /// the outcome and returns the microseconds its commit took. When committing, throws the session's failure.
    /// </summary>
    public long Complete(bool commit)
    {
        _staged.Wait();
        _commit = commit;
        _decided.Release();
        _finished.Wait();
        Exception? error = _error;
        _error = null;
        if (commit && error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return _micros;
    }

    /// <summary>Drops the session's connection (after a failure: the next batch reopens it).</summary>
    public void Reset() => _copy.Close();

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _work.Release();
        _thread.Join(TimeSpan.FromSeconds(5));
        _copy.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _work.Wait();
            if (Volatile.Read(ref _disposed))
            {
                return;
            }

            RowBatch<TRow> batch = _batch!;
            try
            {
                if (!_copy.IsOpen)
                {
                    _copy.Open();
                }

                _copy.Stage<TRow, TFormat>(batch, _start);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _error = e;
            }

            _staged.Release();
            _decided.Wait();
            try
            {
                if (_error is null && _commit)
                {
                    _micros = _copy.Finish(batch.FirstSequence, _checkpoint, fromJournal: false);
                }
                else
                {
                    _copy.Abandon();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _error ??= e;
            }

            _finished.Release();
        }
    }
}
