using System.Text.Json;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// A stream channel fed from the derived ring (<c>bars:1m</c>, <c>book_metrics</c>, <c>signals</c>): which derived
/// events belong to it and the message each becomes. A new derived event kind becomes a channel by implementing this
/// and adding it in <see cref="DerivedStreamChannels.Create"/>; the derived stream stage, subscriptions, gaps and
/// replay need no change.
/// </summary>
public interface IDerivedStreamChannel
{
    /// <summary>What a client names in <c>channels</c>.</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="e"/> is a message of this channel (called on the derived ring thread: no allocation).</summary>
    bool Accepts(in DerivedEvent e);

    /// <summary>Writes <paramref name="e"/> as one JSON message (<c>type</c> first, then <c>instrument</c>).</summary>
    void Write(Utf8JsonWriter json, in DerivedEvent e);

    /// <summary>
    /// Writes <paramref name="e"/> as one binary message (README "Live stream", binary form) into
    /// <paramref name="destination"/> (at least <see cref="StreamMessageLog.MaxMessageBytes"/> long); the bytes written.
    /// </summary>
    int WriteBinary(Span<byte> destination, in DerivedEvent e);
}
