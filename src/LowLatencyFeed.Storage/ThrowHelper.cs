using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Storage.Writing;

namespace LowLatencyFeed.Storage;

/// <summary>Cold throws of the storage assembly; each takes the offending values and builds its own message.</summary>
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
