namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Kotak's refusal of a session token inside the connection (Kotak/README.md §7): a server close 1008 whose reason
/// says "Invalid session". Shared by both Kotak feeds.
/// </summary>
public static class KotakAuthRefusal
{
    /// <summary>WebSocket close status 1008, policy violation.</summary>
    public const int CloseStatus = 1008;

    /// <summary>The words of the close reason that name a dead session token.</summary>
    public const string ReasonMarker = "Invalid session";

    /// <summary>Whether a server close refuses the session token.</summary>
    public static bool Is(int closeStatus, string? description) =>
        closeStatus == CloseStatus && description is not null && description.Contains(ReasonMarker, StringComparison.OrdinalIgnoreCase);
}
