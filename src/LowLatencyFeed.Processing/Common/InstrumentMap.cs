using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Processing.Common;

/// <summary>
/// Instrument id → dense index (first-seen order), open addressing with linear probing. Lookups never allocate;
/// adding a key allocates only when the table doubles (one-time, amortized over new instruments).
/// Single-threaded: owned by one consumer.
/// </summary>
internal sealed class InstrumentMap
{
    private const ulong GoldenRatio = 0x9E3779B97F4A7C15;

    private long[] _keys;
    private int[] _values; // index + 1; 0 marks an empty slot
    private int _shift;
    private int _count;

    /// <summary>Creates a map sized for <paramref name="capacity"/> instruments without growing.</summary>
    public InstrumentMap(int capacity)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _keys = new long[size];
        _values = new int[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
    }

    /// <summary>Instruments added so far; indexes are 0..Count-1.</summary>
    public int Count => _count;

    /// <summary>The index of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(long key)
    {
        long[] keys = _keys;
        int mask = keys.Length - 1;
        int slot = (int)(((ulong)key * GoldenRatio) >> _shift);
        while (true)
        {
            int value = _values[slot];
            if (value == 0)
            {
                return -1;
            }

            if (keys[slot] == key)
            {
                return value - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Adds a key not yet present and returns its new index (= the previous <see cref="Count"/>).</summary>
    public int Add(long key)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        int index = _count++;
        Insert(_keys, _values, _shift, key, index + 1);
        return index;
    }

    private static void Insert(long[] keys, int[] values, int shift, long key, int value)
    {
        int mask = keys.Length - 1;
        int slot = (int)(((ulong)key * GoldenRatio) >> shift);
        while (values[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        keys[slot] = key;
        values[slot] = value;
    }

    private void Grow()
    {
        long[] oldKeys = _keys;
        int[] oldValues = _values;
        var keys = new long[oldKeys.Length * 2];
        var values = new int[oldKeys.Length * 2];
        int shift = _shift - 1;
        for (int i = 0; i < oldKeys.Length; i++)
        {
            if (oldValues[i] != 0)
            {
                Insert(keys, values, shift, oldKeys[i], oldValues[i]);
            }
        }

        _keys = keys;
        _values = values;
        _shift = shift;
    }
}
