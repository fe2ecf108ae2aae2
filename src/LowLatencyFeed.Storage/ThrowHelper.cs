using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Storage.Writing;

namespace LowLatencyFeed.Storage;

/// <summary>
/// Cold throws of the storage assembly: callers pass the offending values and constant text, never a preformatted
/// string; the helper builds the message (CONTRIBUTING.md §4).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCopyWriterState(string table, string operation, CopyWriterState expected, CopyWriterState actual) =>
        throw new InvalidOperationException(
            $"The writer session of '{table}' cannot {operation} while {Describe(actual)}; that needs the session {Describe(expected)}.");

    private static string Describe(CopyWriterState state) => state switch
    {
        CopyWriterState.Closed => "closed",
        CopyWriterState.Open => "open with no batch staged",
        CopyWriterState.Staged => "holding a staged batch (finish or abandon it first)",
        _ => state.ToString(),
    };
}
