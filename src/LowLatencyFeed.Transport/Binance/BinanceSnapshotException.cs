using System.Net;

namespace LowLatencyFeed.Transport.Binance;

/// <summary>A REST depth snapshot could not be fetched or parsed (cold path; the fetcher retries).</summary>
public sealed class BinanceSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BinanceSnapshotException(string message, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public BinanceSnapshotException()
        : this("Binance depth snapshot failed.")
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public BinanceSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status when the server answered with an error (429 and 418 are rate limits).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
