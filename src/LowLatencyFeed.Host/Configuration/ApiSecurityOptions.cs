namespace LowLatencyFeed.Host.Configuration;

/// <summary>Per-key request rate limit (<c>Api:RateLimit</c>): a token bucket per API key, or per client address without a key.</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Requests per second each key (or keyless client address) may make on <c>/api</c>; 0 turns the limit off.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests allowed in a burst above the rate (the bucket's size).</summary>
    public int Burst { get; set; } = 400;
}

/// <summary>Cross-origin requests (<c>Api:Cors</c>): browsers on these origins may call the API.</summary>
public sealed class ApiCorsOptions
{
    /// <summary>Allowed origins (<c>https://dashboard.example.com</c>); empty: no cross-origin access.</summary>
    public List<string> Origins { get; set; } = [];
}
