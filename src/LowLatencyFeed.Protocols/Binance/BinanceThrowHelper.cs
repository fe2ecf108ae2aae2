using System.Diagnostics.CodeAnalysis;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Cold throws, kept out of the callers so they stay small.</summary>
internal static class BinanceThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
