using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Storage;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Writing;
using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Benchmarks.Storage;

/// <summary>
/// Tick rows per second into <c>llfeed.ticks</c> (plain PostgreSQL, daily partitions, schema V003: BRIN (time, seq), no
/// btree), 262,144 ticks of 64 instruments per invocation, <c>synchronous_commit = off</c>, fsync on, batch size from
/// <see cref="BatchRows"/>. Baseline: multi-row INSERT (1,024 rows per statement, one transaction per statement), prepared
/// once (an Npgsql prepared statement: parsed and planned once, then only bound and executed); beside it the same INSERT
/// unprepared.
/// Compared in the same run: one large COPY written the typical driver way (<c>NpgsqlBinaryImporter</c>, decimal and
/// DateTime per value); one large raw COPY of the same rows through our encoder (one transaction, no checkpoint);
/// the CopyWriter's batches (COPY + checkpoint + stats row per transaction); and end to end: the ring stager staging
/// events and the writer thread(s), with <see cref="Sessions"/> database sessions per table, committing them until
/// the checkpoint reaches the last event. Result is per row: rows/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class TickCopyBenchmarks
{
    private const int Rows = 1 << 18;
    private const int InsertRowsPerStatement = 1024;
    private const long BaseTimeNs = 1_767_604_500_000_000_000;

    private BenchDatabase _db = null!;
    private MarketEvent[] _events = null!;
    private RowBatch<TickRow> _all = null!;
    private RowBatch<TickRow> _batch = null!;
    private string _journalDirectory = null!;
    private StorageService? _storage;

    /// <summary>Rows per COPY transaction.</summary>
    [Params(1_000, 65_536)]
    public int BatchRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = new BenchDatabase();
        _db.EnsurePartitions(new DateOnly(2026, 1, 5));
        _events = new MarketEvent[Rows];
        _all = new RowBatch<TickRow>(Rows);
        var random = new Random(7);
        for (int i = 0; i < Rows; i++)
        {
            ref MarketEvent e = ref _events[i];
            var instrument = InstrumentId.From(FeedKind.Kite, 256_000 + (i % 64));
            e.Header.Kind = EventKind.Tick;
            e.Header.Feed = FeedKind.Kite;
            e.Header.Instrument = instrument;
            e.Header.PriceDecimals = 2;
            e.Header.Sequence = i;
            e.Header.ExchangeTimeNs = BaseTimeNs + (i * 50_000L);
            e.Header.ReceiveTimeNs = e.Header.ExchangeTimeNs + 800_000;
            e.Tick.LastPrice = 250_000 + random.Next(-500, 500);
            e.Tick.LastQuantity = 1 + random.Next(50);
            e.Tick.CumulativeVolume = 1_000_000 + i;
            e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume;
            RowExtraction.Tick(in e, ref _all.Add());
        }

        _all.FirstSequence = 0;
        _all.LastSequence = Rows - 1;
        _batch = new RowBatch<TickRow>(Math.Max(BatchRows, 1));

        // The journal the end-to-end writer catches up from if it ever falls behind the stager.
        _journalDirectory = Path.Combine(Path.GetTempPath(), "llfeed-bench-journal-" + Guid.NewGuid().ToString("N")[..10]);
        using JournalWriter journal = JournalWriter.Open(new JournalWriterOptions { Directory = _journalDirectory });
        for (int i = 0; i < Rows; i++)
        {
            journal.Append(in _events[i]);
        }

        journal.Flush(toDisk: false);
    }

    /// <summary>Database sessions per table for the end-to-end case: 1 (one batch at a time) or 2 (overlapped COPYs).</summary>
    [Params(1, 2)]
    public int Sessions { get; set; }

    [IterationSetup]
    public void Reset() => _db.Execute("TRUNCATE llfeed.ticks; DELETE FROM llfeed.ingestion_checkpoints; DELETE FROM llfeed.ingestion_stats; CHECKPOINT");

    /// <summary>The end-to-end case measures the flow, not connecting: the storage stage starts before the clock does.</summary>
    [IterationSetup(Target = nameof(EndToEndStagerAndWriter))]
    public void StartStorage()
    {
        Reset();
        _storage = new StorageService(
            _db.ConnectionString,
            new JournalSource(_journalDirectory, () => Rows - 1),
            liveStartSequence: 0,
            new StorageOptions { BatchRows = BatchRows, BatchesPerStream = 8, CopySessionsPerStream = Sessions, DepthBatchRows = 400, DerivedBatchRows = 16 });
        _storage.Start();
        Thread.Sleep(300); // the writer threads open their sessions (connect, schema check, lock) before the clock starts
    }

    [IterationCleanup(Target = nameof(EndToEndStagerAndWriter))]
    public void StopStorage() => _storage?.Stop(TimeSpan.FromSeconds(30));

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        Directory.Delete(_journalDirectory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public void MultiRowInsertPrepared() => InsertRows(prepare: true);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void MultiRowInsert() => InsertRows(prepare: false);

    /// <summary>Multi-row INSERTs; <paramref name="prepare"/>: prepared once the first statement's values gave the parameter types.</summary>
    private void InsertRows(bool prepare)
    {
        using var connection = new NpgsqlConnection(_db.ConnectionString);
        connection.Open();
        var text = new System.Text.StringBuilder("INSERT INTO llfeed.ticks (time, instrument_id, seq, receive_time, flags, fields, last_price, last_quantity, volume) VALUES ");
        for (int r = 0; r < InsertRowsPerStatement; r++)
        {
            int p = r * 9;
            text.Append(r == 0 ? string.Empty : ",").Append($"(${p + 1},${p + 2},${p + 3},${p + 4},${p + 5},${p + 6},${p + 7},${p + 8},${p + 9})");
        }

        using var command = new NpgsqlCommand(text.ToString(), connection);
        for (int r = 0; r < InsertRowsPerStatement * 9; r++)
        {
            command.Parameters.Add(new NpgsqlParameter());
        }

        for (int start = 0; start < Rows; start += InsertRowsPerStatement)
        {
            for (int r = 0; r < InsertRowsPerStatement; r++)
            {
                ref TickRow row = ref _all.Rows[start + r];
                int p = r * 9;
                command.Parameters[p].Value = Pg.ToDateTime(row.Header.ExchangeTimeNs);
                command.Parameters[p].NpgsqlDbType = NpgsqlDbType.TimestampTz;
                command.Parameters[p + 1].Value = row.Header.Instrument.Value;
                command.Parameters[p + 2].Value = row.Header.Sequence;
                command.Parameters[p + 3].Value = Pg.ToDateTime(row.Header.ReceiveTimeNs);
                command.Parameters[p + 3].NpgsqlDbType = NpgsqlDbType.TimestampTz;
                command.Parameters[p + 4].Value = (int)row.Header.Flags;
                command.Parameters[p + 5].Value = (int)row.Tick.Fields;
                command.Parameters[p + 6].Value = Core.Pricing.FixedPoint.ToDecimal(row.Tick.LastPrice, 2);
                command.Parameters[p + 7].Value = Core.Pricing.FixedPoint.ToDecimal(row.Tick.LastQuantity, 0);
                command.Parameters[p + 8].Value = Core.Pricing.FixedPoint.ToDecimal(row.Tick.CumulativeVolume, 0);
            }

            if (prepare && start == 0)
            {
                command.Prepare();
            }

            command.ExecuteNonQuery();
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void DriverImporterOneLarge() => CopyRuns.DriverImporterOneLarge<TickRow, TickFormat>(_db.ConnectionString, _all, DriverImporterRows.Tick);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void RawCopyOneLarge() => CopyRuns.RawCopyOneLarge<TickRow, TickFormat>(_db.ConnectionString, _all);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void CopyWriterBatches() => CopyRuns.CopyWriterBatches<TickRow, TickFormat>(_db.ConnectionString, _all, _batch, BatchRows);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void EndToEndStagerAndWriter()
    {
        DbStagerHandler stager = _storage!.MarketHandler;
        for (int i = 0; i < Rows; i++)
        {
            stager.OnEvent(ref _events[i], i, (i & 1023) == 1023);
            if ((i & 1023) == 1023)
            {
                stager.OnBatchEnd(i);
            }
        }

        stager.OnShutdown();
        var spin = new SpinWait();
        while (_storage.Stats[StorageStream.Ticks].Checkpoint < Rows - 1)
        {
            spin.SpinOnce();
        }
    }
}
