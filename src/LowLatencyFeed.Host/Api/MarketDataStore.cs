using System.Net.Sockets;
using LowLatencyFeed.Host.Api.Models;
using Npgsql;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Reads the stored market data for the API (cold path: one pooled connection per request). Every failure to reach the
/// database becomes <see cref="DatabaseUnavailableException"/>, which the endpoints turn into 503 with Retry-After.
/// </summary>
public sealed class MarketDataStore : IAsyncDisposable
{
    private const string BarColumns = "time, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags";
    private const string IndicatorColumns = "time, indicator, value, value2, value3, exact_value, flags, seq";
    private const string TickColumns = "time, seq, receive_time, flags, fields, last_price, last_quantity, average_price, volume, total_buy_quantity, " +
        "total_sell_quantity, open, high, low, close, open_interest, last_trade_time, net_change";
    private const string TradeColumns = "time, seq, receive_time, price, quantity, trade_id, seller_aggressor";
    private const string MetricsColumns = "time, seq, best_bid, best_ask, best_bid_qty, best_ask_qty, spread, mid, microprice, bid_quantity, ask_quantity, " +
        "bid_levels, ask_levels, imbalance, window_depth, window_imbalance, flags";
    private const string SignalColumns = "time, seq, window_depth, side, previous_side, imbalance, threshold, bid_quantity, ask_quantity, best_bid, best_ask, " +
        "condition_since, flags, model_version, confidence";

    private readonly NpgsqlDataSource? _dataSource;

    /// <summary>Reads from <paramref name="connectionString"/>; null means journal-only (every read is unavailable).</summary>
    public MarketDataStore(string? connectionString)
    {
        if (connectionString is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, CommandTimeout = 30 };
            _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        }
    }

    /// <summary>Closed bars of one timeframe.</summary>
    public Task<List<BarRecord>> BarsAsync(RangeRequest range, int timeframeSeconds, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {BarColumns} FROM llfeed.bars WHERE instrument_id = $1 AND time >= $2 AND time < $3 AND timeframe_seconds = $5",
            range,
            timeframeSeconds,
            r => new BarRecord(
                Time(r, 0), timeframeSeconds, r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDecimal(6), r.GetDecimal(7),
                NullableDecimal(r, 8), r.GetInt32(9), r.GetInt32(10), Closed: true, r.GetInt64(1)),
            cancellationToken);

    /// <summary>
    /// Indicator values of one timeframe, oldest first; <paramref name="name"/> (null: all) is a label (<c>rsi(14)</c>)
    /// or a bare name (<c>rsi</c>: every configured parameter set). <see cref="RangeRequest.Limit"/> counts rows.
    /// </summary>
    public Task<List<IndicatorRecord>> IndicatorsAsync(RangeRequest range, int timeframeSeconds, string? name, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {IndicatorColumns} FROM llfeed.indicators WHERE instrument_id = $1 AND time >= $2 AND time < $3 AND timeframe_seconds = $5"
                + (name is null ? "" : " AND (indicator = $6 OR indicator LIKE $6 || '(%')"),
            range,
            timeframeSeconds,
            r => new IndicatorRecord(
                Time(r, 0), timeframeSeconds, r.GetString(1), r.GetDouble(2), NullableDouble(r, 3), NullableDouble(r, 4), NullableDecimal(r, 5),
                r.GetInt32(6), Stored: true, r.GetInt64(7)),
            cancellationToken,
            order: "time, indicator COLLATE \"C\"",
            text: name);

    /// <summary>Ticker snapshots.</summary>
    public Task<List<TickRecord>> TicksAsync(RangeRequest range, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {TickColumns} FROM llfeed.ticks WHERE instrument_id = $1 AND time >= $2 AND time < $3",
            range,
            null,
            r => new TickRecord(
                Time(r, 0), r.GetInt64(1), Time(r, 2), r.GetInt32(3), r.GetInt32(4), NullableDecimal(r, 5), NullableDecimal(r, 6), NullableDecimal(r, 7),
                NullableDecimal(r, 8), NullableDecimal(r, 9), NullableDecimal(r, 10), NullableDecimal(r, 11), NullableDecimal(r, 12), NullableDecimal(r, 13),
                NullableDecimal(r, 14), NullableDecimal(r, 15), r.IsDBNull(16) ? null : Time(r, 16), NullableDecimal(r, 17)),
            cancellationToken);

    /// <summary>Trades.</summary>
    public Task<List<TradeRecord>> TradesAsync(RangeRequest range, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {TradeColumns} FROM llfeed.trades WHERE instrument_id = $1 AND time >= $2 AND time < $3",
            range,
            null,
            r => new TradeRecord(Time(r, 0), r.GetInt64(1), Time(r, 2), r.GetDecimal(3), r.GetDecimal(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.GetBoolean(6)),
            cancellationToken);

    /// <summary>Book metrics samples.</summary>
    public Task<List<BookMetricsRecord>> BookMetricsAsync(RangeRequest range, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {MetricsColumns} FROM llfeed.book_metrics WHERE instrument_id = $1 AND time >= $2 AND time < $3",
            range,
            null,
            r => new BookMetricsRecord(
                Time(r, 0), r.GetInt64(1), NullableDecimal(r, 2), NullableDecimal(r, 3), NullableDecimal(r, 4), NullableDecimal(r, 5), NullableDecimal(r, 6),
                NullableDecimal(r, 7), NullableDecimal(r, 8), r.GetDecimal(9), r.GetDecimal(10), r.GetInt32(11), r.GetInt32(12), r.GetDouble(13),
                r.IsDBNull(14) ? null : r.GetInt32(14), r.IsDBNull(15) ? null : r.GetDouble(15), r.GetInt32(16)),
            cancellationToken);

    /// <summary>Signal transitions.</summary>
    public Task<List<SignalRecord>> SignalsAsync(RangeRequest range, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {SignalColumns} FROM llfeed.signals WHERE instrument_id = $1 AND time >= $2 AND time < $3",
            range,
            null,
            r => new SignalRecord(
                Time(r, 0), r.GetInt64(1), r.GetInt32(2), r.GetInt16(3), r.GetInt16(4), r.GetDouble(5), r.GetDouble(6), r.GetDecimal(7), r.GetDecimal(8),
                NullableDecimal(r, 9), NullableDecimal(r, 10), Time(r, 11), r.GetInt32(12),
                r.IsDBNull(13) ? null : ((ulong)r.GetInt64(13)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
                r.IsDBNull(14) ? null : r.GetDouble(14)),
            cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<List<T>> ReadAsync<T>(string select, RangeRequest range, int? timeframeSeconds, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, string order = "time, seq", string? text = null)
    {
        if (_dataSource is null)
        {
            throw new DatabaseUnavailableException("The host runs journal-only (no database): stored history is not available; live endpoints and the stream are.");
        }

        // Newest rows first when no 'from' was given (then reversed), so a chart gets the latest 'limit' rows.
        string sql = select + (range.Newest ? $" ORDER BY {Descending(order)} LIMIT $4" : $" ORDER BY {order} LIMIT $4");
        var rows = new List<T>();
        try
        {
            await using NpgsqlCommand command = _dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.Instrument.InstrumentId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = range.From });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = range.To });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = range.Limit });
            if (timeframeSeconds is { } seconds)
            {
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = seconds });
            }

            if (text is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = text });
            }

            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }
        }
        catch (Exception exception) when (exception is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
            or PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" })
        {
            throw new DatabaseUnavailableException($"The database is unavailable: {exception.Message.Split('\n')[0]}", exception);
        }

        if (range.Newest)
        {
            rows.Reverse();
        }

        return rows;
    }

    private static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    private static string Descending(string order) => order.Replace(",", " DESC,", StringComparison.Ordinal) + " DESC";

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static decimal? NullableDecimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
