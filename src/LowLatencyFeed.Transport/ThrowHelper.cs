using System.Diagnostics.CodeAnalysis;

namespace LowLatencyFeed.Transport;

/// <summary>Cold throws kept out of the loops.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowAlreadyRunning() =>
        throw new InvalidOperationException("A FeedSession runs once: RunAsync was already called. Create a new session (with a new protocol instance) to reconnect from scratch.");

    [DoesNotReturn]
    public static void ThrowInvalidOption(string name, object? value, string requirement) =>
        throw new ArgumentOutOfRangeException(name, value, $"FeedSessionOptions.{name} {requirement}.");
}
