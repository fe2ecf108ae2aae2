using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace LowLatencyFeed.Transport.Binance;

/// <summary>Cold throws of the Binance REST side, kept out of the callers.</summary>
internal static class BinanceTransportThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, object? value, string message) => throw new ArgumentOutOfRangeException(paramName, value, message);

    [DoesNotReturn]
    public static void ThrowSnapshot(string message, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null)
        => throw new BinanceSnapshotException(message, statusCode, retryAfter);
}
