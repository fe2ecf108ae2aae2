using Npgsql;
using NpgsqlTypes;

namespace LowLatencyFeed.Storage.Reference;

/// <summary>
/// Writes and reads <c>llfeed.instrument_master</c> (migration V006), a cold-path reference table (CONTRIBUTING.md §8):
/// a broker's day is replaced whole in one transaction (delete, then binary COPY of the rows as they stream from the
/// parsed master), so readers see either the complete day or the previous one, never a mix.
/// </summary>
public sealed class InstrumentMasterTable : IAsyncDisposable
{
    private const string Columns =
        "broker, valid_on, broker_key, feed_token, exchange, segment, symbol, broker_symbol, name, kind, instrument_type, expiry, strike, option_type, lot_size, tick_size, price_decimals, quantity_decimals, tradable";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Uses <paramref name="connectionString"/>.</summary>
    public InstrumentMasterTable(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, CommandTimeout = 120 };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>
    /// Replaces the rows of <paramref name="broker"/> on <paramref name="validOn"/> with <paramref name="rows"/>;
    /// returns the number written. A second row with the same broker key is skipped (the master keeps the first).
    /// </summary>
    public async Task<long> ReplaceDayAsync(string broker, DateOnly validOn, IEnumerable<InstrumentMasterRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var delete = new NpgsqlCommand("DELETE FROM llfeed.instrument_master WHERE broker = $1 AND valid_on = $2", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = broker });
            delete.Parameters.Add(new NpgsqlParameter { Value = validOn });
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long written = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using (NpgsqlBinaryImporter copy = await connection.BeginBinaryImportAsync($"COPY llfeed.instrument_master ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (InstrumentMasterRow row in rows)
            {
                if (!keys.Add(row.BrokerKey))
                {
                    continue;
                }

                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(broker, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(validOn, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.BrokerKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.FeedToken, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Exchange, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Segment, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Symbol, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.BrokerSymbol, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Kind, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.InstrumentType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (row.Expiry is { } expiry)
                {
                    await copy.WriteAsync(expiry, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await copy.WriteAsync(row.Strike, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.OptionType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.LotSize, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.TickSize, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((short)row.PriceDecimals, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((short)row.QuantityDecimals, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Tradable, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                written++;
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>The days stored for <paramref name="broker"/>, newest first.</summary>
    public async Task<List<DateOnly>> DaysAsync(string broker, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        await using NpgsqlCommand command = _dataSource.CreateCommand("SELECT DISTINCT valid_on FROM llfeed.instrument_master WHERE broker = $1 ORDER BY valid_on DESC");
        command.Parameters.Add(new NpgsqlParameter { Value = broker });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return days;
    }

    /// <summary>The rows of <paramref name="broker"/> on <paramref name="validOn"/>, ordered by broker key.</summary>
    public async Task<List<InstrumentMasterRow>> ReadDayAsync(string broker, DateOnly validOn, CancellationToken cancellationToken)
    {
        var rows = new List<InstrumentMasterRow>();
        await using NpgsqlCommand command = _dataSource.CreateCommand($"SELECT {Columns} FROM llfeed.instrument_master WHERE broker = $1 AND valid_on = $2 ORDER BY broker_key");
        command.Parameters.Add(new NpgsqlParameter { Value = broker });
        command.Parameters.Add(new NpgsqlParameter { Value = validOn });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new InstrumentMasterRow
            {
                Broker = reader.GetString(0),
                ValidOn = reader.GetFieldValue<DateOnly>(1),
                BrokerKey = reader.GetString(2),
                FeedToken = reader.GetInt64(3),
                Exchange = reader.GetString(4),
                Segment = reader.GetString(5),
                Symbol = reader.GetString(6),
                BrokerSymbol = reader.GetString(7),
                Name = reader.GetString(8),
                Kind = reader.GetString(9),
                InstrumentType = reader.GetString(10),
                Expiry = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateOnly>(11),
                Strike = reader.GetDecimal(12),
                OptionType = reader.GetString(13),
                LotSize = reader.GetInt64(14),
                TickSize = reader.GetDecimal(15),
                PriceDecimals = (byte)reader.GetInt16(16),
                QuantityDecimals = (byte)reader.GetInt16(17),
                Tradable = reader.GetBoolean(18),
            });
        }

        return rows;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
