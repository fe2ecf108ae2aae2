using System.Runtime.InteropServices;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>A long alone on its cache line (64 bytes of padding each side), so two threads' counters never share one.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
