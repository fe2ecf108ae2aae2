using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Writing;
using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Benchmarks.Storage;

/// <summary>
/// 200-level depth rows per second into <c>llfeed.depth_levels_200</c>: 512 books × 2 sides × 200 levels = 204,800 rows
/// per invocation, <c>synchronous_commit = off</c>, fsync on, batch size from <see cref="BatchRows"/>. Baseline:
/// multi-row INSERT (800 rows = 2 books per statement), prepared once (an Npgsql prepared statement), and the same INSERT
/// unprepared; compared with one large raw COPY of the same rows and the CopyWriter's
/// batches (COPY + checkpoint per transaction). rows/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DepthCopyBenchmarks
{
    private const int Books = 512;
    private const int Levels = 200;
    private const int Rows = Books * 2 * Levels;
    private const int InsertRowsPerStatement = 800;
    private const long BaseTimeNs = 1_767_604_500_000_000_000;

    private BenchDatabase _db = null!;
    private RowBatch<DepthRow> _all = null!;
    private RowBatch<DepthRow> _batch = null!;

    /// <summary>Rows per COPY transaction (depth batches hold whole events: 400 rows each).</summary>
    [Params(1_200, 262_144)]
    public int BatchRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = new BenchDatabase();
        _db.EnsurePartitions(new DateOnly(2026, 1, 5));
        _all = new RowBatch<DepthRow>(Rows);
        for (int b = 0; b < Books; b++)
        {
            for (int side = 0; side < 2; side++)
            {
                for (int level = 1; level <= Levels; level++)
                {
                    ref DepthRow row = ref _all.Add();
                    row.TimeNs = BaseTimeNs + (b * 100_000_000L);
                    row.Instrument = (2L << 56) | 13;
                    row.Sequence = b;
                    row.Side = (byte)side;
                    row.Level = (short)level;
                    row.Price = side == 0 ? 2_200_000 - (5 * level) : 2_200_000 + (5 * level);
                    row.Quantity = 75 * level;
                    row.Orders = level % 9;
                    row.PriceDecimals = 2;
                }
            }
        }

        _batch = new RowBatch<DepthRow>(BatchRows);
    }

    [IterationSetup]
    public void Reset() => _db.Execute("TRUNCATE llfeed.depth_levels_200; DELETE FROM llfeed.ingestion_checkpoints; DELETE FROM llfeed.ingestion_stats; CHECKPOINT");

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public void MultiRowInsertPrepared() => InsertRows(prepare: true);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void MultiRowInsert() => InsertRows(prepare: false);

    /// <summary>Multi-row INSERTs; <paramref name="prepare"/>: prepared once the first statement's values gave the parameter types.</summary>
    private void InsertRows(bool prepare)
    {
        using var connection = new NpgsqlConnection(_db.ConnectionString);
        connection.Open();
        var text = new System.Text.StringBuilder("INSERT INTO llfeed.depth_levels_200 (time, instrument_id, side, level, seq, update_kind, price, quantity, orders) VALUES ");
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
                ref DepthRow row = ref _all.Rows[start + r];
                int p = r * 9;
                command.Parameters[p].Value = Pg.ToDateTime(row.TimeNs);
                command.Parameters[p].NpgsqlDbType = NpgsqlDbType.TimestampTz;
                command.Parameters[p + 1].Value = row.Instrument;
                command.Parameters[p + 2].Value = (short)row.Side;
                command.Parameters[p + 3].Value = row.Level;
                command.Parameters[p + 4].Value = row.Sequence;
                command.Parameters[p + 5].Value = (short)row.UpdateKind;
                command.Parameters[p + 6].Value = Core.Pricing.FixedPoint.ToDecimal(row.Price, row.PriceDecimals);
                command.Parameters[p + 7].Value = Core.Pricing.FixedPoint.ToDecimal(row.Quantity, row.QuantityDecimals);
                command.Parameters[p + 8].Value = row.Orders;
            }

            if (prepare && start == 0)
            {
                command.Prepare();
            }

            command.ExecuteNonQuery();
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void DriverImporterOneLarge() => CopyRuns.DriverImporterOneLarge<DepthRow, DepthFormat>(_db.ConnectionString, _all, DriverImporterRows.Depth);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void RawCopyOneLarge() => CopyRuns.RawCopyOneLarge<DepthRow, DepthFormat>(_db.ConnectionString, _all);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void CopyWriterBatches() => CopyRuns.CopyWriterBatches<DepthRow, DepthFormat>(_db.ConnectionString, _all, _batch, BatchRows);
}
