namespace LowLatencyFeed.Brokers.Logins;

/// <summary>A login that failed, with the broker's reason in words (wrong secret, expired token …); never a credential.</summary>
public sealed class LoginException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LoginException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
