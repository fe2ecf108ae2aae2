namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>SFeed control-plane <c>event</c> names (Kotak/README.md §7).</summary>
public static class KotakFeedEvents
{
    /// <summary>Touch line (level 4).</summary>
    public const string SubscribeScrips = "subscribeScrips";

    /// <summary>Stop touch line.</summary>
    public const string UnsubscribeScrips = "unsubscribeScrips";

    /// <summary>Mini touch line (level 1).</summary>
    public const string SubscribeScripsLite = "subscribeScripsLite";

    /// <summary>Stop mini touch line.</summary>
    public const string UnsubscribeScripsLite = "unsubscribeScripsLite";

    /// <summary>Depth (level 8).</summary>
    public const string SubscribeDepth = "subscribeDepth";

    /// <summary>Stop depth.</summary>
    public const string UnsubscribeDepth = "unsubscribeDepth";

    /// <summary>Full depth (level 16).</summary>
    public const string SubscribeFullDepth = "subscribeFullDepth";

    /// <summary>Stop full depth.</summary>
    public const string UnsubscribeFullDepth = "unsubscribeFullDepth";

    /// <summary>Index packets (code 7207).</summary>
    public const string SubscribeIndices = "subscribeIndices";

    /// <summary>Stop index packets.</summary>
    public const string UnsubscribeIndices = "unsubscribeIndices";

    /// <summary>Exchange status packets (code 105).</summary>
    public const string SubscribeExchange = "subscribeExchange";

    /// <summary>Stop exchange status packets.</summary>
    public const string UnsubscribeExchange = "unsubscribeExchange";

    /// <summary>Auth response code as documented.</summary>
    public const int AuthDocumented = 1117;

    /// <summary>Auth response code seen in production.</summary>
    public const int AuthProduction = 1119;

    /// <summary>Subscribe acknowledgement.</summary>
    public const int SubscribeAck = 1109;
}
