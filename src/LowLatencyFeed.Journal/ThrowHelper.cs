using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Journal;

/// <summary>
/// Cold throws of the journal assembly, kept out of the methods that call them so those stay small: callers pass the
/// offending values and constant text, never a preformatted string; the helper builds the message (CONTRIBUTING.md §4).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentOutOfRange(string name, object? value, string message) => throw new ArgumentOutOfRangeException(name, value, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowUnusableSegment(SegmentFile segment, long offset, string consequence) =>
        throw new JournalException(segment.Path, offset, segment.DescribeHeaderProblem() + consequence, null);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBigEndian() => throw new PlatformNotSupportedException("The journal format is little-endian.");
}
