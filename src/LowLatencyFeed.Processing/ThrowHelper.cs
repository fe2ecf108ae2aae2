using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Processing;

/// <summary>
/// Cold throws of the processing assembly, kept out of the methods that call them so those stay small: callers pass the
/// offending values and constant text, never a preformatted string; the helper builds the message (CONTRIBUTING.md §4).
/// Here the constant text is a message, or a composite format and the values it names.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument<T0>(string paramName, string format, T0 arg0) => throw new ArgumentException(Format(format, arg0), paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument<T0, T1>(string paramName, string format, T0 arg0, T1 arg1) => throw new ArgumentException(Format(format, arg0, arg1), paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument<T0, T1, T2>(string paramName, string format, T0 arg0, T1 arg1, T2 arg2) => throw new ArgumentException(Format(format, arg0, arg1, arg2), paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange<T0>(string paramName, string format, T0 arg0) => throw new ArgumentOutOfRangeException(paramName, Format(format, arg0));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange<T0, T1>(string paramName, string format, T0 arg0, T1 arg1) => throw new ArgumentOutOfRangeException(paramName, Format(format, arg0, arg1));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange<T0, T1, T2>(string paramName, string format, T0 arg0, T1 arg1, T2 arg2) => throw new ArgumentOutOfRangeException(paramName, Format(format, arg0, arg1, arg2));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOperation<T0>(string format, T0 arg0) => throw new InvalidOperationException(Format(format, arg0));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOperation<T0, T1>(string format, T0 arg0, T1 arg1) => throw new InvalidOperationException(Format(format, arg0, arg1));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOperation<T0, T1, T2>(string format, T0 arg0, T1 arg1, T2 arg2) => throw new InvalidOperationException(Format(format, arg0, arg1, arg2));

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
