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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(T value)
        where T : unmanaged
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref _start, _position), value);
        _position += Unsafe.SizeOf<T>();
    }

    /// <summary>Stores <paramref name="value"/> at the cursor and moves past it only when <paramref name="keep"/> is 1 (0: the next write overwrites it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteAndKeepIf(ulong value, uint keep)
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref _start, _position), value);
        _position += (int)(keep << 3);
    }

    /// <summary>Reserves <paramref name="length"/> bytes and returns a reference to them (for a mask written after its words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte Skip(int length)
    {
        ref byte at = ref Unsafe.Add(ref _start, _position);
        _position += length;
        return ref at;
    }
}
