using System.Globalization;
using Npgsql;

namespace LowLatencyFeed.Storage.Connection;

/// <summary>
/// Finds the database to use: the configured connection string first, then the <c>DATABASE_URL</c> environment
/// variable. Accepts Npgsql keyword strings (<c>Host=...;Database=...</c>) and URLs
/// (<c>postgres://user:password@host:5432/db?sslmode=require</c>).
/// </summary>
public static class ConnectionStringResolver
{
    /// <summary>The environment variable consulted when nothing is configured.</summary>
    public const string EnvironmentVariable = "DATABASE_URL";

    /// <summary>
    /// The Npgsql connection string, or null when neither <paramref name="configured"/> nor DATABASE_URL is set.
    /// Throws <see cref="FormatException"/> naming the source when the value cannot be parsed.
    /// </summary>
    public static string? Resolve(string? configured, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Normalize(configured, "the storage connection string in the configuration");
        }

        string? fromEnvironment = environment(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : Normalize(fromEnvironment, EnvironmentVariable);
    }

    /// <summary>Converts a URL to keyword form; validates a keyword string.</summary>
    public static string Normalize(string value, string source = "connection string")
    {
        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value, source);
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Cannot parse {source}: {e.Message}", e);
        }
    }

    private static string FromUrl(string value, string source)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"Cannot parse {source} as a postgres:// URL (expected postgres://user:password@host:port/database).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        string query = uri.Query.TrimStart('?');
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]);
            string val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            try
            {
                builder[MapUrlKey(key)] = val;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"Cannot use URL parameter '{key}' of {source}: {e.Message}", e);
            }
        }

        return builder.ConnectionString;
    }

    private static string MapUrlKey(string key) => key.ToLower(CultureInfo.InvariantCulture) switch
    {
        "sslmode" => "SSL Mode",
        "application_name" => "Application Name",
        "connect_timeout" => "Timeout",
        _ => key,
    };
}
