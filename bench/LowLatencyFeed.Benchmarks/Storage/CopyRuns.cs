using LowLatencyFeed.Storage.Staging;
using LowLatencyFeed.Storage.Writing;
using Npgsql;

namespace LowLatencyFeed.Benchmarks.Storage;

/// <summary>Writes one row through <see cref="NpgsqlBinaryImporter"/> the typical driver way.</summary>
internal delegate void ImporterRow<TRow>(NpgsqlBinaryImporter importer, in TRow row);

/// <summary>The COPY variants every storage benchmark compares, generic over the table's row and format.</summary>
internal static class CopyRuns
{
    /// <summary>One large COPY in one transaction, written value by value through the driver.</summary>
    public static void DriverImporterOneLarge<TRow, TFormat>(string connectionString, RowBatch<TRow> all, ImporterRow<TRow> write)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using (NpgsqlBinaryImporter importer = connection.BeginBinaryImport(CopyCommand<TRow, TFormat>()))
        {
            for (int i = 0; i < all.Count; i++)
            {
                importer.StartRow();
                write(importer, in all.Rows[i]);
            }

            importer.Complete();
        }

        transaction.Commit();
    }

    /// <summary>One large raw COPY in one transaction, encoded by <see cref="BinaryCopyBuffer"/>: no checkpoint, no batching.</summary>
    public static void RawCopyOneLarge<TRow, TFormat>(string connectionString, RowBatch<TRow> all)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using (NpgsqlRawCopyStream stream = connection.BeginRawBinaryCopy(CopyCommand<TRow, TFormat>()))
        {
            var buffer = new BinaryCopyBuffer();
            buffer.Begin(stream);
            for (int i = 0; i < all.Count; i++)
            {
                buffer.StartRow(TFormat.FieldCount);
                TFormat.Write(buffer, in all.Rows[i]);
            }

            buffer.Complete();
        }

        transaction.Commit();
    }

    /// <summary>The writer's transactions: each batch of <paramref name="batchRows"/> committed with its checkpoint.</summary>
    public static void CopyWriterBatches<TRow, TFormat>(string connectionString, RowBatch<TRow> all, RowBatch<TRow> batch, int batchRows)
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow>
    {
        using var writer = new CopyWriter(connectionString, TFormat.Stream, null);
        writer.Open();
        for (int start = 0; start < all.Count; start += batchRows)
        {
            int count = Math.Min(batchRows, all.Count - start);
            Array.Copy(all.Rows, start, batch.Rows, 0, count);
            batch.Count = count;
            batch.FirstSequence = TFormat.Sequence(in all.Rows[start]);
            batch.LastSequence = TFormat.Sequence(in all.Rows[start + count - 1]);
            writer.Commit<TRow, TFormat>(batch, 0, batch.LastSequence, fromJournal: false);
        }
    }

    private static string CopyCommand<TRow, TFormat>()
        where TRow : unmanaged
        where TFormat : struct, ITableFormat<TRow> =>
        $"COPY llfeed.{StorageStreams.TableName(TFormat.Stream)} ({TFormat.Columns}) FROM STDIN (FORMAT BINARY)";
}
