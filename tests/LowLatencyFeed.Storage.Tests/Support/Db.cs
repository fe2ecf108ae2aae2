using Npgsql;

namespace LowLatencyFeed.Storage.Tests.Support;

/// <summary>Small query helpers.</summary>
internal static class Db
{
    public static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Every row as invariant strings joined by '|' (cast columns to text in the query for PostgreSQL's own formatting).</summary>
    public static List<string> Rows(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var rows = new List<string>();
        using var cast = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = cast.ExecuteReader();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join('|', fields));
        }

        return rows;
    }

    /// <summary>The sequences stored in a table, ascending.</summary>
    public static List<long> Sequences(string connectionString, string table)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT seq FROM llfeed.{table} ORDER BY seq", connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var list = new List<long>();
        while (reader.Read())
        {
            list.Add(reader.GetInt64(0));
        }

        return list;
    }
}
