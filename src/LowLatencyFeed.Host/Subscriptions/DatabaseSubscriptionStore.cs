using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using Npgsql;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>Runtime subscription changes in <c>llfeed.feed_subscriptions</c> (migration V005), upserted by feed and instrument.</summary>
public sealed class DatabaseSubscriptionStore : ISubscriptionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyDictionary<string, string> _protocols;

    /// <summary>Uses <paramref name="connectionString"/>; <paramref name="protocols"/> maps feed name → protocol (for instrument ids).</summary>
    public DatabaseSubscriptionStore(string connectionString, IReadOnlyDictionary<string, string> protocols)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, CommandTimeout = 30 };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _protocols = protocols;
    }

    /// <inheritdoc />
    public string Description => "llfeed.feed_subscriptions";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersistedSubscription>> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = new List<PersistedSubscription>();
        await using NpgsqlCommand command = _dataSource.CreateCommand(
            "SELECT feed, token, symbol, segment, mode, price_decimals, quantity_decimals, subscribed FROM llfeed.feed_subscriptions ORDER BY changed_at, feed, token");
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PersistedSubscription(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                Enum.Parse<SubscriptionMode>(reader.GetString(4)),
                (byte)reader.GetInt16(5),
                (byte)reader.GetInt16(6),
                reader.GetBoolean(7)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task SaveAsync(IReadOnlyList<PersistedSubscription> changes, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (PersistedSubscription change in changes)
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO llfeed.feed_subscriptions (feed, instrument_id, token, symbol, segment, mode, price_decimals, quantity_decimals, subscribed, changed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())
                ON CONFLICT (feed, instrument_id) DO UPDATE SET token = EXCLUDED.token, symbol = EXCLUDED.symbol, segment = EXCLUDED.segment,
                    mode = EXCLUDED.mode, price_decimals = EXCLUDED.price_decimals, quantity_decimals = EXCLUDED.quantity_decimals,
                    subscribed = EXCLUDED.subscribed, changed_at = EXCLUDED.changed_at
                """,
                connection,
                transaction);
            long instrument = _protocols.TryGetValue(change.Feed, out string? protocol)
                ? InstrumentId.From(FeedFactory.FeedKindOf(protocol), change.Token).Value
                : change.Token;
            command.Parameters.Add(new NpgsqlParameter { Value = change.Feed });
            command.Parameters.Add(new NpgsqlParameter { Value = instrument });
            command.Parameters.Add(new NpgsqlParameter { Value = change.Token });
            command.Parameters.Add(new NpgsqlParameter { Value = change.Symbol });
            command.Parameters.Add(new NpgsqlParameter { Value = change.Segment });
            command.Parameters.Add(new NpgsqlParameter { Value = change.Mode.ToString() });
            command.Parameters.Add(new NpgsqlParameter { Value = (short)change.PriceDecimals });
            command.Parameters.Add(new NpgsqlParameter { Value = (short)change.QuantityDecimals });
            command.Parameters.Add(new NpgsqlParameter { Value = change.Subscribed });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
