namespace LowLatencyFeed.Host.Api;

/// <summary>The database cannot answer now (down, or the host runs journal-only); the API answers 503.</summary>
public sealed class DatabaseUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DatabaseUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }
}
