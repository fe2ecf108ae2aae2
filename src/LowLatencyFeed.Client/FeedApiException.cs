using System.Net;

namespace LowLatencyFeed.Client;

/// <summary>The API refused a request: its status and the problem details it sent (<c>application/problem+json</c>).</summary>
public sealed class FeedApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeedApiException(HttpStatusCode status, string? title, string? detail, string? parameter, TimeSpan? retryAfter)
        : base($"{(int)status} {title}: {detail}")
    {
        Status = status;
        Title = title;
        Detail = detail;
        Parameter = parameter;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public FeedApiException()
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public FeedApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public FeedApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Problem title.</summary>
    public string? Title { get; }

    /// <summary>Problem detail.</summary>
    public string? Detail { get; }

    /// <summary>The query parameter at fault, when the API named one.</summary>
    public string? Parameter { get; }

    /// <summary>When to retry (429, 503).</summary>
    public TimeSpan? RetryAfter { get; }
}
