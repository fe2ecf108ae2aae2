using System.Net.Sockets;
using Npgsql;

namespace LowLatencyFeed.Storage.Connection;

/// <summary>Turns Npgsql and socket failures into <see cref="DatabaseException"/>s with specific, actionable messages.</summary>
public static class DatabaseErrors
{
    /// <summary>Classifies <paramref name="error"/> for the server and database of <paramref name="connectionString"/>.</summary>
    public static DatabaseException Classify(Exception error, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is DatabaseException known)
        {
            return known;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            builder = new NpgsqlConnectionStringBuilder();
        }

        string where = $"{builder.Host ?? "localhost"}:{builder.Port}";
        PostgresException? postgres = Find<PostgresException>(error);
        if (postgres is not null)
        {
            switch (postgres.SqlState)
            {
                case PostgresErrorCodes.InvalidPassword:
                case PostgresErrorCodes.InvalidAuthorizationSpecification:
                    return new DatabaseException(
                        DatabaseErrorKind.WrongPassword,
                        $"PostgreSQL at {where} refused the login of user '{builder.Username}': wrong password or unknown user " +
                        $"(SQLSTATE {postgres.SqlState}). Check the password in the storage connection string or DATABASE_URL.",
                        error);
                case PostgresErrorCodes.InvalidCatalogName:
                    return new DatabaseException(
                        DatabaseErrorKind.MissingDatabase,
                        $"Database '{builder.Database}' does not exist on PostgreSQL at {where} (SQLSTATE 3D000). " +
                        $"Create it (createdb {builder.Database}) or fix the database name in the connection string.",
                        error);
                case PostgresErrorCodes.CannotConnectNow:
                case PostgresErrorCodes.AdminShutdown:
                case PostgresErrorCodes.CrashShutdown:
                    return new DatabaseException(
                        DatabaseErrorKind.ServerUnreachable,
                        $"PostgreSQL at {where} is starting up or shutting down (SQLSTATE {postgres.SqlState}); will retry.",
                        error);
            }

            return new DatabaseException(DatabaseErrorKind.Other, $"PostgreSQL at {where} reported {postgres.SqlState}: {postgres.MessageText}", error);
        }

        SocketException? socket = Find<SocketException>(error);
        if (socket is not null)
        {
            string reason = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused: is the server running and listening there?",
                SocketError.HostNotFound or SocketError.NoData => "host name not found",
                SocketError.TimedOut => "connection timed out",
                _ => socket.SocketErrorCode.ToString(),
            };
            return new DatabaseException(DatabaseErrorKind.ServerUnreachable, $"Cannot reach PostgreSQL at {where} ({reason}).", error);
        }

        if (error is NpgsqlException or IOException or TimeoutException or EndOfStreamException)
        {
            return new DatabaseException(DatabaseErrorKind.ServerUnreachable, $"Lost or could not open the connection to PostgreSQL at {where}: {error.Message}", error);
        }

        return new DatabaseException(DatabaseErrorKind.Other, $"Database operation at {where} failed: {error.Message}", error);
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                T? inner = Find<T>(aggregate.InnerExceptions[0]);
                if (inner is not null)
                {
                    return inner;
                }
            }
        }

        return null;
    }
}
