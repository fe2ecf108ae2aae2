using System.Diagnostics;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Staging;
using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// One stream's database session: streams a batch with Npgsql binary COPY and, in the same transaction, moves the
/// stream's checkpoint to the batch's last journal sequence and records the batch in <c>llfeed.ingestion_stats</c>.
/// Either all of it commits or none, so rows and checkpoint never disagree. A session-level advisory lock per stream
/// keeps a second writer (another host on the same database) out.
/// </summary>
internal sealed class CopyWriter : IDisposable
{
    private readonly string _connectionString;
    private readonly StorageStream _stream;
    private readonly string _table;
    private readonly InstrumentRegistry? _instruments;
    private readonly HashSet<int> _knownDays = new();
    private readonly BinaryCopyBuffer _buffer = new();
    private readonly int _session;
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private List<InstrumentRow>? _stagedInstruments;
    private long _stagedAt;
    private int _stagedRows;
    private SchemaFlavor _flavor;
    private bool _stagingTableCreated;
    private CopyWriterState _state = CopyWriterState.Closed;

    /// <param name="connectionString">Where to write.</param>
    /// <param name="stream">The table.</param>
    /// <param name="instruments">Instruments to upsert with the batches (one session per stream does it), or null.</param>
    /// <param name="session">0 for the stream's main session; 1.. for the extra sessions that stage overlapping batches.</param>
    public CopyWriter(string connectionString, StorageStream stream, InstrumentRegistry? instruments, int session = 0)
    {
        _session = session;
        _connectionString = connectionString;
        _stream = stream;
        _table = StorageStreams.TableName(stream);
        _instruments = instruments;
    }

    /// <summary>Where the session is; <see cref="RequireState"/> is the one place that checks it.</summary>
    public CopyWriterState State => _state;

    /// <summary>The advisory lock that makes this writer the stream's only one: one key per stream and session.</summary>
    private long AdvisoryLockKey => Migrator.LockKey + 1 + (int)_stream + (64 * _session);

    /// <summary>Connected (open or holding a staged batch).</summary>
    public bool IsOpen => _state != CopyWriterState.Closed;

    /// <summary>Opens the session, checks the schema and returns the committed checkpoint (-1 when none).</summary>
    public long Open()
    {
        Close();

        // Unpooled: the session's advisory lock must end with Close, not linger in an idle pooled connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        try
        {
            connection.Open();
            (int version, SchemaFlavor? flavor) = Migrator.ReadVersion(connection);
            Migrator.EnsureNotNewer(version, $"'{connection.Database}' on {connection.Host}:{connection.Port}");
            if (version < MigrationCatalog.LatestVersion)
            {
                throw new DatabaseException(
                    DatabaseErrorKind.Other,
                    $"The database '{connection.Database}' has schema version {version}, this build needs {MigrationCatalog.LatestVersion}: run 'llfeed migrate' (the host also migrates at start).");
            }

            _flavor = flavor ?? SchemaFlavor.Plain;
            using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", connection))
            {
                lockCommand.Parameters.AddWithValue("k", AdvisoryLockKey);
                if (!(bool)lockCommand.ExecuteScalar()!)
                {
                    throw new DatabaseException(
                        DatabaseErrorKind.Other,
                        $"Another llfeed writer holds stream '{_table}' of database '{connection.Database}'; two writers would duplicate rows.");
                }
            }

            long checkpoint = ReadCheckpoint(connection, _table);
            _connection = connection;
            _state = CopyWriterState.Open;
            _knownDays.Clear();
            _stagingTableCreated = false;
            return checkpoint;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The checkpoint of <paramref name="stream"/> (-1 when none).</summary>
    public static long ReadCheckpoint(NpgsqlConnection connection, string stream)
    {
        using var command = new NpgsqlCommand("SELECT last_seq FROM llfeed.ingestion_checkpoints WHERE stream = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        object? value = command.ExecuteScalar();
        return value is long seq ? seq : -1;
    }

    /// <summary>
    /// Commits rows [<paramref name="start"/>, Count) of <paramref name="batch"/> and moves the checkpoint to
    /// <paramref name="checkpoint"/>, in one transaction. Returns the microseconds it took.
    /// </summary>
    public long Commit<TRow, TFormat>(RowBatch<TRow> batch, int start, long checkpoint, bool fromJournal)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        Stage<TRow, TFormat>(batch, start);
        return Finish(batch.FirstSequence, checkpoint, fromJournal);
    }

    /// <summary>
    /// First half of <see cref="Commit"/>: opens the transaction and streams the rows, leaving the checkpoint and the
    /// commit to <see cref="Finish"/> (or <see cref="Abandon"/>). A second session can stage the next batch meanwhile,
    /// so two COPYs of one table run at once while their commits stay in batch order.
    /// </summary>
    public void Stage<TRow, TFormat>(RowBatch<TRow> batch, int start)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        NpgsqlConnection connection = RequireState(CopyWriterState.Open, "stage a batch");
        _stagedAt = MonotonicClock.Timestamp();
        _stagedRows = batch.Count - start;
        if (_stagedRows > 0 && _flavor == SchemaFlavor.Plain)
        {
            EnsurePartitions<TRow, TFormat>(connection, batch, start);
        }

        _stagedInstruments = _instruments?.Drain();
        try
        {
            _transaction = connection.BeginTransaction();
            _state = CopyWriterState.Staged;
            if (_stagedInstruments is not null)
            {
                UpsertInstruments(connection, _transaction, _stagedInstruments);
            }

            if (_stagedRows > 0)
            {
                if (TFormat.Conflict is null)
                {
                    Copy<TRow, TFormat>(connection, $"COPY llfeed.{_table} ({TFormat.Columns}) FROM STDIN (FORMAT BINARY)", batch, start);
                }
                else
                {
                    Upsert<TRow, TFormat>(connection, _transaction, batch, start);
                }
            }
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    /// <summary>
    /// Second half of <see cref="Commit"/>: moves the checkpoint to <paramref name="checkpoint"/>, records the batch
    /// in the statistics and commits. Returns the microseconds since <see cref="Stage"/> began.
    /// </summary>
    public long Finish(long firstSequence, long checkpoint, bool fromJournal)
    {
        NpgsqlConnection connection = RequireState(CopyWriterState.Staged, "finish a batch");
        NpgsqlTransaction transaction = _transaction!;
        try
        {
            long micros = MonotonicClock.ElapsedNanoseconds(_stagedAt, MonotonicClock.Timestamp()) / 1000;
            using var bookkeeping = new NpgsqlBatch(connection, transaction);
            var checkpointCommand = new NpgsqlBatchCommand(
                "INSERT INTO llfeed.ingestion_checkpoints (stream, last_seq, rows_total, updated_at) VALUES ($1, $2, $3, now()) " +
                "ON CONFLICT (stream) DO UPDATE SET last_seq = GREATEST(llfeed.ingestion_checkpoints.last_seq, EXCLUDED.last_seq), " +
                "rows_total = llfeed.ingestion_checkpoints.rows_total + EXCLUDED.rows_total, updated_at = now()");
            checkpointCommand.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = _table });
            checkpointCommand.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = checkpoint });
            checkpointCommand.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = _stagedRows });
            var statsCommand = new NpgsqlBatchCommand(
                "INSERT INTO llfeed.ingestion_stats (stream, mode, rows, first_seq, last_seq, duration_us) VALUES ($1, $2, $3, $4, $5, $6)");
            statsCommand.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = _table });
            statsCommand.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = fromJournal ? "catch-up" : "live" });
            statsCommand.Parameters.Add(new NpgsqlParameter<int>() { TypedValue = _stagedRows });
            statsCommand.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = firstSequence });
            statsCommand.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = checkpoint });
            statsCommand.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = micros });
            bookkeeping.BatchCommands.Add(checkpointCommand);
            bookkeeping.BatchCommands.Add(statsCommand);
            bookkeeping.ExecuteNonQuery();
            transaction.Commit();
            _stagedInstruments = null;
            return MonotonicClock.ElapsedNanoseconds(_stagedAt, MonotonicClock.Timestamp()) / 1000;
        }
        catch
        {
            Abandon();
            throw;
        }
        finally
        {
            transaction.Dispose();
            _transaction = null;
            if (_state == CopyWriterState.Staged)
            {
                _state = CopyWriterState.Open;
            }
        }
    }

    /// <summary>Rolls a staged batch back (its instruments are queued again); nothing when none is staged.</summary>
    public void Abandon()
    {
        NpgsqlTransaction? transaction = _transaction;
        _transaction = null;
        if (_state == CopyWriterState.Staged)
        {
            _state = CopyWriterState.Open;
        }

        if (transaction is not null)
        {
            try
            {
                transaction.Dispose(); // rolls back when not committed
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                // A broken connection rolls back on the server by itself.
            }
        }

        if (_stagedInstruments is not null)
        {
            _instruments!.Requeue(_stagedInstruments);
            _stagedInstruments = null;
        }
    }

    /// <summary>
    /// Makes the database match a journal that ends at <paramref name="journalEnd"/>: rows of later sequences (the
    /// database committed events the journal lost in a crash) are deleted and the checkpoint moved back.
    /// Returns the rows deleted.
    /// </summary>
    public long TruncateAfter(long journalEnd, string sequenceColumn = "seq")
    {
        NpgsqlConnection connection = RequireState(CopyWriterState.Open, "truncate");
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using var delete = new NpgsqlCommand($"DELETE FROM llfeed.{_table} WHERE {sequenceColumn} > @e", connection, transaction);
        delete.Parameters.AddWithValue("e", journalEnd);
        long deleted = delete.ExecuteNonQuery();
        using var move = new NpgsqlCommand("UPDATE llfeed.ingestion_checkpoints SET last_seq = @e, updated_at = now() WHERE stream = @s AND last_seq > @e", connection, transaction);
        move.Parameters.AddWithValue("e", journalEnd);
        move.Parameters.AddWithValue("s", _table);
        move.ExecuteNonQuery();
        transaction.Commit();
        return deleted;
    }

    public void Close()
    {
        Abandon();
        NpgsqlConnection? connection = _connection;
        _connection = null;
        _state = CopyWriterState.Closed;
        if (connection is not null)
        {
            try
            {
                // Released here, not left to the backend's exit: the server ends a closed session asynchronously, so
                // an Open right after this Close (a reconnect, a restart in the same process) could still find the
                // lock held and refuse as if another writer had the stream.
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    // Short timeout: a server that stopped answering must not hold up the close.
                    using var unlockCommand = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection) { CommandTimeout = 5 };
                    unlockCommand.Parameters.AddWithValue("k", AdvisoryLockKey);
                    unlockCommand.ExecuteScalar();
                }
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                // A broken connection cannot unlock; its backend's exit releases the lock.
            }

            try
            {
                connection.Dispose();
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                // A broken connection may fail to close cleanly; it is discarded either way.
            }
        }
    }

    public void Dispose() => Close();

    /// <summary>The one check of <see cref="State"/>: throws unless the session is in <paramref name="expected"/>.</summary>
    private NpgsqlConnection RequireState(CopyWriterState expected, string operation)
    {
        if (_state != expected)
        {
            ThrowHelper.ThrowCopyWriterState(_table, operation, expected, _state);
        }

        Debug.Assert(_connection is not null && (_transaction is not null) == (_state == CopyWriterState.Staged), "state agrees with connection and transaction");
        return _connection!;
    }

    private void Copy<TRow, TFormat>(NpgsqlConnection connection, string command, RowBatch<TRow> batch, int start)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        using NpgsqlRawCopyStream stream = connection.BeginRawBinaryCopy(command);
        try
        {
            _buffer.Begin(stream);
            TRow[] rows = batch.Rows;
            int count = batch.Count;
            short fields = TFormat.FieldCount;
            for (int i = start; i < count; i++)
            {
                _buffer.StartRow(fields);
                TFormat.Write(_buffer, in rows[i]);
            }

            _buffer.Complete();
        }
        catch
        {
            // Abort the COPY instead of letting Dispose complete it with a partial stream; the transaction rolls back anyway.
            try
            {
                stream.Cancel();
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or PostgresException)
            {
                // The connection is already broken; the original failure is what matters.
            }

            throw;
        }
    }

    private void Upsert<TRow, TFormat>(NpgsqlConnection connection, NpgsqlTransaction transaction, RowBatch<TRow> batch, int start)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        string staging = "llfeed_stage_" + _table;
        if (!_stagingTableCreated)
        {
            // INCLUDING DEFAULTS: LIKE copies NOT NULL but not defaults, so a column the format does not write
            // (bars.source, V007) would be NULL in the staging table and refuse the COPY.
            using var create = new NpgsqlCommand(
                $"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE llfeed.{_table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection, transaction);
            create.ExecuteNonQuery();
            _stagingTableCreated = true;
        }

        Copy<TRow, TFormat>(connection, $"COPY {staging} ({TFormat.Columns}) FROM STDIN (FORMAT BINARY)", batch, start);
        string select = TFormat.DistinctOn is { } key
            ? $"SELECT DISTINCT ON ({key}) {TFormat.Columns} FROM {staging} ORDER BY {key}, seq DESC"
            : $"SELECT {TFormat.Columns} FROM {staging}";
        using var insert = new NpgsqlCommand($"INSERT INTO llfeed.{_table} ({TFormat.Columns}) {select} ON CONFLICT {TFormat.Conflict}", connection, transaction);
        insert.ExecuteNonQuery();
    }

    private void EnsurePartitions<TRow, TFormat>(NpgsqlConnection connection, RowBatch<TRow> batch, int start)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        TRow[] rows = batch.Rows;
        int lastDay = int.MinValue;
        for (int i = start; i < batch.Count; i++)
        {
            int day = PartitionMaintainer.UnixDay(TFormat.TimeNs(in rows[i]));
            if (day == lastDay)
            {
                continue;
            }

            lastDay = day;
            if (_knownDays.Add(day))
            {
                PartitionMaintainer.EnsureDay(connection, _table, PartitionMaintainer.DayFromUnixDay(day));
            }
        }
    }

    private static void UpsertInstruments(NpgsqlConnection connection, NpgsqlTransaction transaction, List<InstrumentRow> rows)
    {
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (InstrumentRow row in rows)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO llfeed.instruments (instrument_id, feed, token, symbol, price_decimals, quantity_decimals, first_seen, first_seq) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (instrument_id) DO UPDATE SET " +
                "symbol = COALESCE(EXCLUDED.symbol, llfeed.instruments.symbol), " +
                "first_seq = CASE WHEN llfeed.instruments.first_seq < 0 THEN EXCLUDED.first_seq ELSE llfeed.instruments.first_seq END");
            command.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = row.Instrument.Value });
            command.Parameters.Add(new NpgsqlParameter<short>() { TypedValue = (short)row.Instrument.Feed });
            command.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = row.Instrument.Token });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Symbol ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<short>() { TypedValue = row.PriceDecimals });
            command.Parameters.Add(new NpgsqlParameter<short>() { TypedValue = row.QuantityDecimals });
            command.Parameters.Add(new NpgsqlParameter<DateTime>() { TypedValue = Pg.ToDateTime(row.FirstSeenNs) });
            command.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = row.FirstSequence });
            batch.BatchCommands.Add(command);
        }

        batch.ExecuteNonQuery();
    }
}
