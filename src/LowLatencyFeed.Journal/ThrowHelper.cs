using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Journal;

/// <summary>Cold throws, kept out of the methods that call them so those stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange(string name, object? value, string message) => throw new ArgumentOutOfRangeException(name, value, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowJournal(string path, long offset, string message, Exception? inner = null) => throw new JournalException(path, offset, message, inner);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBigEndian() => throw new PlatformNotSupportedException("The journal format is little-endian.");
}
