namespace LowLatencyFeed.Storage.Connection;

/// <summary>The database cannot be used, with a message that says why and what to do.</summary>
public sealed class DatabaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseException(DatabaseErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>The classified cause.</summary>
    public DatabaseErrorKind Kind { get; }

    /// <summary>Whether retrying later can help (server down or restarting) as opposed to a configuration error.</summary>
    public bool IsTransient => Kind is DatabaseErrorKind.ServerUnreachable or DatabaseErrorKind.Other;
}
