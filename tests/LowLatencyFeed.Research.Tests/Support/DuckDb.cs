using System.Globalization;
using DuckDB.NET.Data;

namespace LowLatencyFeed.Research.Tests.Support;

/// <summary>DuckDB in memory: an independent Parquet reader (its own C++ implementation) to check what we write.</summary>
internal sealed class DuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");

    public DuckDb() => _connection.Open();

    public string Text(string sql) => Convert.ToString(Scalar(sql), CultureInfo.InvariantCulture) ?? "null";

    public object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public void Dispose() => _connection.Dispose();
}
