using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Journal;

/// <summary>
/// Cold throws, kept out of the methods that call them so those stay small. The convention of every assembly's
/// ThrowHelper: callers pass the offending values and constant text; the helper builds the message.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange(string name, object? value, string message) => throw new ArgumentOutOfRangeException(name, value, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowUnusableSegment(string path, long offset, string problem, string consequence) =>
        throw new JournalException(path, offset, problem + consequence, null);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBigEndian() => throw new PlatformNotSupportedException("The journal format is little-endian.");
}
