using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Connection;
using LowLatencyFeed.Storage.Schema;
using LowLatencyFeed.Storage.Writing;
using Npgsql;

namespace LowLatencyFeed.Storage.Backfill;

/// <summary>
/// Writes brokers' historical candles into <c>llfeed.bars</c> with <c>source = 'backfill'</c>, through the same binary
/// COPY as the live writer (into a staging table, then one <c>INSERT … ON CONFLICT</c>), and moves the job's
/// <c>llfeed.backfill_progress</c> row in the same transaction, so a crash leaves either the chunk and its progress or
/// neither. The conflict rule (Storage README, "Backfill"): a candle fills an empty interval or replaces a live bar
/// flagged incomplete (gap-affected or partial); a complete live bar and an earlier backfilled bar stay, so running a
/// backfill again changes nothing. Cold path: one unpooled connection per writer, not thread-safe.
/// </summary>
public sealed class BackfillWriter : IDisposable
{
    /// <summary>Columns of a backfilled bar, in COPY order.</summary>
    public const string Columns = "time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags, source";

    /// <summary>Flags of a live bar that a broker's candle replaces: gap-affected (1) or partial (8).</summary>
    public const int IncompleteLiveFlags = BarFormat.IncompleteFlags;

    private const string Staging = "llfeed_backfill_bars";
    private readonly NpgsqlConnection _connection;
    private readonly BinaryCopyBuffer _buffer = new(64 * 1024);
    private readonly HashSet<int> _knownDays = [];
    private readonly SchemaFlavor _flavor;
    private bool _stagingCreated;

    /// <summary>Opens a session on <paramref name="connectionString"/> (a database migrated to this build's schema).</summary>
    public BackfillWriter(string connectionString)
    {
        _connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            _connection.Open();
            (int version, SchemaFlavor? flavor) = Migrator.ReadVersion(_connection);
            if (version < MigrationCatalog.LatestVersion)
            {
                throw new DatabaseException(
                    DatabaseErrorKind.Other,
                    $"The database '{_connection.Database}' has schema version {version}, backfill needs {MigrationCatalog.LatestVersion}: run 'llfeed migrate' (the host also migrates at start).");
            }

            _flavor = flavor ?? SchemaFlavor.Plain;
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The job's progress row, or null when it never ran.</summary>
    public BackfillProgress? ReadProgress(BackfillJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var command = new NpgsqlCommand(
            "SELECT from_time, to_time, done_through, bars_written, candles_rejected FROM llfeed.backfill_progress " +
            "WHERE broker = $1 AND instrument_id = $2 AND timeframe_seconds = $3",
            _connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.Broker });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = job.InstrumentId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = job.TimeframeSeconds });
        using NpgsqlDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new BackfillProgress(Utc(reader, 0), Utc(reader, 1), Utc(reader, 2), reader.GetInt64(3), reader.GetInt64(4))
            : null;
    }

    /// <summary>
    /// Writes <paramref name="bars"/> (start times inside the job's range, each at most once) and records that the job
    /// covering <paramref name="from"/> .. <paramref name="to"/> is done through <paramref name="doneThrough"/>, in one
    /// transaction. <paramref name="rejected"/> counts the chunk's refused candles into the progress row. Without
    /// <paramref name="recordProgress"/> (a gap repair) the progress row is left as it is.
    /// </summary>
    public BackfillChunkResult Write(BackfillJob job, ReadOnlySpan<BarValues> bars, DateTimeOffset from, DateTimeOffset to, DateTimeOffset doneThrough, long rejected, bool recordProgress = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_flavor == SchemaFlavor.Plain)
        {
            EnsurePartitions(bars);
        }

        using NpgsqlTransaction transaction = _connection.BeginTransaction();
        int inserted = 0;
        int replaced = 0;
        if (!bars.IsEmpty)
        {
            if (!_stagingCreated)
            {
                // INCLUDING DEFAULTS keeps the staging table's columns as the target's (source defaults to 'live').
                Execute($"CREATE TEMP TABLE IF NOT EXISTS {Staging} (LIKE llfeed.bars INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", transaction);
                _stagingCreated = true;
            }

            Copy(job, bars);

            // Counted before the upsert (RETURNING xmax is not available on partitioned tables): the incomplete live
            // bars the candles will replace.
            using (var incomplete = new NpgsqlCommand(
                $"SELECT count(*) FROM {Staging} s JOIN llfeed.bars b ON b.instrument_id = s.instrument_id AND b.timeframe_seconds = s.timeframe_seconds " +
                $"AND b.time = s.time WHERE b.source = 'live' AND (b.flags & {BarFormat.IncompleteFlagsSql}) <> 0",
                _connection,
                transaction))
            {
                replaced = (int)(long)incomplete.ExecuteScalar()!;
            }

            using var insert = new NpgsqlCommand(
                $"INSERT INTO llfeed.bars ({Columns}) SELECT {Columns} FROM {Staging} " +
                "ON CONFLICT (instrument_id, timeframe_seconds, time) DO UPDATE SET seq = EXCLUDED.seq, open = EXCLUDED.open, " +
                "high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, turnover = EXCLUDED.turnover, " +
                "vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count, flags = EXCLUDED.flags, source = EXCLUDED.source " +
                $"WHERE llfeed.bars.source = 'live' AND (llfeed.bars.flags & {BarFormat.IncompleteFlagsSql}) <> 0",
                _connection,
                transaction);
            inserted = insert.ExecuteNonQuery() - replaced;
        }

        if (recordProgress)
        {
            RecordProgress(job, from, to, doneThrough, inserted + replaced, rejected, transaction);
        }

        transaction.Commit();
        return new BackfillChunkResult(inserted, replaced, bars.Length - inserted - replaced);
    }

    private void RecordProgress(BackfillJob job, DateTimeOffset from, DateTimeOffset to, DateTimeOffset doneThrough, long written, long rejected, NpgsqlTransaction transaction)
    {
        using (var progress = new NpgsqlCommand(
            "INSERT INTO llfeed.backfill_progress (broker, instrument_id, timeframe_seconds, from_time, to_time, done_through, bars_written, candles_rejected) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (broker, instrument_id, timeframe_seconds) DO UPDATE SET " +
            "from_time = EXCLUDED.from_time, to_time = EXCLUDED.to_time, done_through = EXCLUDED.done_through, " +
            "bars_written = llfeed.backfill_progress.bars_written + EXCLUDED.bars_written, " +
            "candles_rejected = llfeed.backfill_progress.candles_rejected + EXCLUDED.candles_rejected, updated_at = now()",
            _connection,
            transaction))
        {
            progress.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job.Broker });
            progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = job.InstrumentId });
            progress.Parameters.Add(new NpgsqlParameter<int> { TypedValue = job.TimeframeSeconds });
            progress.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
            progress.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
            progress.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = doneThrough });
            progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = written });
            progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rejected });
            progress.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void Copy(BackfillJob job, ReadOnlySpan<BarValues> bars)
    {
        using NpgsqlRawCopyStream stream = _connection.BeginRawBinaryCopy($"COPY {Staging} ({Columns}) FROM STDIN (FORMAT BINARY)");
        try
        {
            _buffer.Begin(stream);
            int pd = job.PriceDecimals;
            int qd = job.QuantityDecimals;
            foreach (ref readonly BarValues b in bars)
            {
                _buffer.StartRow(14);
                _buffer.Timestamp(b.StartTimeNs);
                _buffer.Bigint(job.InstrumentId);
                _buffer.Integer(job.TimeframeSeconds);
                _buffer.Bigint(0); // no journal event made it
                _buffer.Numeric(b.Open, pd);
                _buffer.Numeric(b.High, pd);
                _buffer.Numeric(b.Low, pd);
                _buffer.Numeric(b.Close, pd);
                _buffer.Numeric(b.Volume, qd);
                _buffer.Numeric(b.Turnover, pd + qd);

                // Only Binance reports turnover (quote volume); without it there is no VWAP.
                _buffer.NumericOrNull(b.Volume != 0 && b.Turnover != 0, b.Vwap, pd);
                _buffer.Integer((int)b.TradeCount);
                _buffer.Integer(0);
                _buffer.Text("backfill");
            }

            _buffer.Complete();
        }
        catch
        {
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

    private void EnsurePartitions(ReadOnlySpan<BarValues> bars)
    {
        foreach (ref readonly BarValues b in bars)
        {
            int day = PartitionMaintainer.UnixDay(b.StartTimeNs);
            if (_knownDays.Add(day))
            {
                PartitionMaintainer.EnsureDay(_connection, "bars", PartitionMaintainer.DayFromUnixDay(day));
            }
        }
    }

    private void Execute(string sql, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand(sql, _connection, transaction);
        command.ExecuteNonQuery();
    }

    private static DateTimeOffset Utc(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);
}
