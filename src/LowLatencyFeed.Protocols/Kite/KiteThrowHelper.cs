using System.Diagnostics.CodeAnalysis;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>Cold throws, kept out of the callers so they stay small enough to inline.</summary>
internal static class KiteThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static T ThrowArgumentOutOfRange<T>(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void ThrowFormat(string message) => throw new FormatException(message);
}
