namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// A protocol whose broker checks the credential inside the connection rather than at the handshake (Kotak: the
/// session token travels in the first message), so a refused or expired token shows as the server's close, not as an
/// HTTP 401/403. The session asks it about each close the server sends and counts a refusal like a refused handshake.
/// Cold path: once per connection.
/// </summary>
public interface IFeedAuthRefusal
{
    /// <summary>Whether a server close with <paramref name="closeStatus"/> and <paramref name="description"/> refuses the credential.</summary>
    bool IsAuthRefusal(int closeStatus, string? description);
}
