using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Research;

/// <summary>
/// Cold throws of the research assembly: callers pass the offending values and constant text, never a preformatted
/// string; the helper builds the message (CONTRIBUTING.md §4).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument(string parameter, string format, object? argument) =>
        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, format, argument), parameter);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDirectoryNotFound(string format, string path) =>
        throw new DirectoryNotFoundException(string.Format(CultureInfo.InvariantCulture, format, path));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidData(string format, params object?[] arguments) =>
        throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, format, arguments));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowTooFewSamples(string format, params object?[] arguments) =>
        throw new Training.TooFewSamplesException(string.Format(CultureInfo.InvariantCulture, format, arguments));
}
