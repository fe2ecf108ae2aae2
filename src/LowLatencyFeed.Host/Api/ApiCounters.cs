namespace LowLatencyFeed.Host.Api;

/// <summary>Requests the API refused, by kind (exported as <c>llfeed_api_rejected_requests_total{reason}</c>).</summary>
public sealed class ApiCounters
{
    private long _badRequests;
    private long _notFound;
    private long _unavailable;

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
            case 503:
                Interlocked.Increment(ref _unavailable);
                break;
            default:
                Interlocked.Increment(ref _badRequests);
                break;
        }
    }
}
