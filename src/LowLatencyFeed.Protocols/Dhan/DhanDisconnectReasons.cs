namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>The annexure's Data API error codes, sent as feed disconnect reasons (Dhan/README.md §5). Cold path.</summary>
public static class DhanDisconnectReasons
{
    /// <summary>Annexure text of a reason code; the SDK's older strings for 808/809 are not used.</summary>
    public static string Describe(int code) => code switch
    {
        800 => "Internal server error",
        804 => "Requested number of instruments exceeds limit",
        805 => "Too many requests or connections (more than 5 sockets: the oldest is dropped)",
        806 => "Data APIs not subscribed",
        807 => "Access token expired",
        808 => "Authentication failed: client id or access token invalid",
        809 => "Access token invalid",
        810 => "Client ID invalid",
        811 => "Invalid expiry date",
        812 => "Invalid date format",
        813 => "Invalid SecurityId",
        814 => "Invalid request",
        _ => "Unknown disconnect reason",
    };

    /// <summary>True when the code is in the annexure table.</summary>
    public static bool IsKnown(int code) => code is 800 or (>= 804 and <= 814);
}
