namespace LowLatencyFeed.Storage.Connection;

/// <summary>Why the database could not be used.</summary>
public enum DatabaseErrorKind
{
    /// <summary>Something else (query error, lost connection mid-statement, timeout).</summary>
    Other,

    /// <summary>Password authentication failed (SQLSTATE 28P01) or no such role (28000).</summary>
    WrongPassword,

    /// <summary>The database named in the connection string does not exist (SQLSTATE 3D000).</summary>
    MissingDatabase,

    /// <summary>Nothing listens at the address (connection refused), or the server is starting or shutting down.</summary>
    ServerUnreachable,

    /// <summary>The database's schema is newer than this build knows.</summary>
    NewerSchema,
}
