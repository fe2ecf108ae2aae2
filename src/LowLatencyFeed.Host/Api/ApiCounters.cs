namespace LowLatencyFeed.Host.Api;

/// <summary>Requests the API refused, by kind (exported as <c>llfeed_api_rejected_requests_total{reason}</c>).</summary>
public sealed class ApiCounters
{
    private long _badRequests;
    private long _notFound;
    private long _unavailable;
    private long _unauthorized;
    private long _forbidden;
    private long _rateLimited;

    /// <summary>401: missing or unknown API key.</summary>
    public long Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>429: the key (or keyless client) exceeded <c>Api:RateLimit</c>.</summary>
    public long RateLimited => Volatile.Read(ref _rateLimited);

    /// <summary>403: the key's role is not enough.</summary>
    public long Forbidden => Volatile.Read(ref _forbidden);

    /// <summary>400: malformed or out-of-limit parameters.</summary>
    public long BadRequests => Volatile.Read(ref _badRequests);

    /// <summary>404: unknown instrument or resource.</summary>
    public long NotFound => Volatile.Read(ref _notFound);

    /// <summary>503: the database was unavailable.</summary>
    public long Unavailable => Volatile.Read(ref _unavailable);

    /// <summary>Counts one refused request by its status.</summary>
    public void Count(int status)
    {
        switch (status)
        {
            case 404:
                Interlocked.Increment(ref _notFound);
                break;
            case 401:
                Interlocked.Increment(ref _unauthorized);
                break;
            case 403:
                Interlocked.Increment(ref _forbidden);
                break;
            case 429:
                Interlocked.Increment(ref _rateLimited);
                break;
            case 503:
                Interlocked.Increment(ref _unavailable);
                break;
            default:
                Interlocked.Increment(ref _badRequests);
                break;
        }
    }
}
