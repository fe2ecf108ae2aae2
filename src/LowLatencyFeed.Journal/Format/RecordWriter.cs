using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// Stores blittable values one after another with unaligned little-endian writes. The caller reserves
/// <see cref="RecordCodec.MaxRecordBytes"/> first, so the stores carry no bounds checks (MemoryPack's writer pattern).
/// </summary>
internal ref struct RecordWriter
{
    private readonly ref byte _start;
    private int _position;

    public RecordWriter(ref byte start)
    {
        _start = ref start;
        _position = 0;
    }

    public readonly int Position => _position;

    /// <summary>The byte at the cursor.</summary>
    public readonly ref byte Current => ref Unsafe.Add(ref _start, _position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(T value)
        where T : unmanaged
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref _start, _position), value);
        _position += Unsafe.SizeOf<T>();
    }
}
