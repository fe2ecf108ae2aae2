namespace LowLatencyFeed.Brokers.Tokens;

/// <summary>A token store that must not be used: readable by others, or unreadable. Never carries a token value.</summary>
public sealed class TokenStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TokenStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
