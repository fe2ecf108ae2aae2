using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Decoding;

/// <summary>One WebSocket message read from a capture.</summary>
/// <param name="Number">1-based line number (hex captures) or message number (raw captures).</param>
/// <param name="Payload">The message bytes.</param>
/// <param name="Kind">Binary, or text when the bytes are a JSON document.</param>
/// <param name="HexError">Why the line is not hex (then <paramref name="Payload"/> is empty), or null.</param>
internal readonly record struct CaptureMessage(int Number, byte[] Payload, MessageKind Kind, string? HexError = null);
