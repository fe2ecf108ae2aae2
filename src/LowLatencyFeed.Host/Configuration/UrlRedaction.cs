namespace LowLatencyFeed.Host.Configuration;

/// <summary>Keeps credentials out of logs: brokers put tokens in the query string.</summary>
public static class UrlRedaction
{
    /// <summary>The URL without its query string (marked as redacted when there was one).</summary>
    public static string Redact(string url)
    {
        int query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? url : url[..query] + "?<redacted>";
    }
}
