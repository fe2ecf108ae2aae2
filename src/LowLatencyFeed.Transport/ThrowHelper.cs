using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Transport.Binance;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Cold throws of the transport assembly, kept out of the loops: callers pass the offending values and constant text,
/// never a preformatted string; the helper builds the message (CONTRIBUTING.md §4).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowAlreadyRunning() =>
        throw new InvalidOperationException("A FeedSession runs once: RunAsync was already called. Create a new session (with a new protocol instance) to reconnect from scratch.");

    /// <summary>Detached decoding (<see cref="FeedSession.DecodeDetached{TSink}"/>) found its pipe in an impossible state.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDetachedPipe(string problem) =>
        throw new InvalidOperationException("FeedSession.DecodeDetached: " + problem);

    /// <summary>A detached message larger than the pipe takes without pausing.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDetachedTooLong(int length, long limit) =>
        throw new ArgumentOutOfRangeException("message", length, $"A detached message may be at most {limit} bytes (half of PipePauseThreshold).");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOption(string name, object? value, string requirement) =>
        throw new ArgumentOutOfRangeException(name, value, $"FeedSessionOptions.{name} {requirement}.");

    /// <summary>An option whose requirement names another option's value (<paramref name="requirementFormat"/> holds <c>{0}</c>).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOption<T0>(string name, object? value, string requirementFormat, T0 arg0) =>
        ThrowInvalidOption(name, value, string.Format(CultureInfo.InvariantCulture, requirementFormat, arg0));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSnapshotLimit(string paramName, int limit, string what, int maximum, string why) =>
        throw new ArgumentOutOfRangeException(paramName, limit, $"{what} must be 1..{maximum}{why}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSnapshotStatus(string symbol, HttpStatusCode status, string bodyExcerpt, TimeSpan? retryAfter) =>
        throw new BinanceSnapshotException($"GET depth {symbol} answered {(int)status} {status}: {bodyExcerpt}", status, retryAfter);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSnapshotBody(string symbol, HttpStatusCode status, ParseErrorReason reason, string? detail) =>
        throw new BinanceSnapshotException($"GET depth {symbol}: the body is not a valid snapshot ({reason}: {detail}).", status);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSnapshotTooLarge(int maxBodyBytes) =>
        throw new BinanceSnapshotException($"The snapshot body exceeds {maxBodyBytes} bytes.");
}
