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

    /// <summary>What <see cref="BarsAsync"/> selects; <c>$1</c> instrument, <c>$2</c>/<c>$3</c> the window, <c>$4</c> limit, <c>$5</c> timeframe.</summary>
    public const string BarsSelect = $"SELECT {BarColumns} FROM llfeed.bars WHERE instrument_id = $1 AND time >= $2 AND time < $3 AND timeframe_seconds = $5";

    /// <summary>
    /// The bars' order: <c>time</c> alone, because the primary key (instrument_id, timeframe_seconds, time) makes it
    /// unique within one instrument and timeframe; the index then gives the order and the LIMIT stops the scan (a
    /// second key, as the other tables' <c>time, seq</c>, would sort every row of the window first).
    /// </summary>
    public const string BarsOrder = "time";

    /// <summary>Smallest window <see cref="BarWindows"/> reads first (one or two daily partitions).</summary>
    public static readonly TimeSpan MinimumBarWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Closed bars of one timeframe, read in bounded windows (<see cref="BarWindows"/>): the first covers the time
    /// <see cref="RangeRequest.Limit"/> bars can span at most, so the planner opens one or two daily partitions rather
    /// than every partition of a range up to 366 days wide (README, "/api/bars under load").
    /// </summary>
    public async Task<List<BarRecord>> BarsAsync(RangeRequest range, int timeframeSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        List<BarRecord> rows = [];
        foreach ((DateTimeOffset from, DateTimeOffset to) in BarWindows(range, timeframeSeconds))
        {
            rows = await ReadAsync(
                BarsSelect,
                range with { From = from, To = to },
                timeframeSeconds,
                r => new BarRecord(
                    Time(r, 0), timeframeSeconds, r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDecimal(6), r.GetDecimal(7),
                    NullableDecimal(r, 8), r.GetInt32(9), r.GetInt32(10), Closed: true, r.GetInt64(1)),
                cancellationToken,
                order: BarsOrder).ConfigureAwait(false);

            // A window holding 'limit' rows holds the newest (or oldest) 'limit' of the whole range: every row outside it
            // is older (newer) than all rows inside.
            if (rows.Count >= range.Limit)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>
    /// The windows a bar read tries, narrowest first, the last the whole range: at the range's newest end (no
    /// <c>from</c>) or its oldest end, first <see cref="RangeRequest.Limit"/> × the timeframe (at least
    /// <see cref="MinimumBarWindow"/>; a bar starts at most once per timeframe period), then 8 times wider each.
    /// </summary>
    public static List<(DateTimeOffset From, DateTimeOffset To)> BarWindows(RangeRequest range, int timeframeSeconds)
    {
        ArgumentNullException.ThrowIfNull(range);
        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        TimeSpan whole = range.To - range.From;
        TimeSpan span = TimeSpan.FromSeconds(Math.Max((double)range.Limit * Math.Max(1, timeframeSeconds), MinimumBarWindow.TotalSeconds));
        while (span < whole)
        {
            windows.Add(range.Newest ? (range.To - span, range.To) : (range.From, range.From + span));
            span *= 8;
        }

        windows.Add((range.From, range.To));
        return windows;
    }

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

        string sql = Sql(select, order, range.Newest);
        var rows = new List<T>(Math.Min(range.Limit, 4096));
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

    /// <summary>
    /// The statement a read sends: <paramref name="select"/> ordered by <paramref name="order"/>, newest rows first when
    /// no <c>from</c> was given (<paramref name="newest"/>; reversed after reading), so a chart gets the latest rows.
    /// </summary>
    public static string Sql(string select, string order, bool newest) =>
        select + (newest ? $" ORDER BY {Descending(order)} LIMIT $4" : $" ORDER BY {order} LIMIT $4");

    private static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    private static string Descending(string order) => order.Replace(",", " DESC,", StringComparison.Ordinal) + " DESC";

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static decimal? NullableDecimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
