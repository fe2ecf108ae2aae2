using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Maps Binance symbols to dense indexes, keyed on UTF-8 bytes and ASCII case-insensitive (stream names are
/// lowercase, payload <c>s</c> is uppercase). Open addressing with linear probing over a power-of-two table at most
/// half full; lookups hash and compare the bytes in place, so they never allocate. Immutable after construction.
/// </summary>
public sealed class BinanceSymbolTable
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    private readonly byte[] _keys;
    private readonly int[] _keyStart;
    private readonly int[] _keyLength;
    private readonly int[] _slots;
    private readonly int _mask;

    /// <summary>Builds the table; index i is <paramref name="symbols"/>[i].</summary>
    /// <exception cref="ArgumentException">A symbol is empty, not ASCII, or listed twice (ignoring case).</exception>
    public BinanceSymbolTable(IReadOnlyList<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        int total = 0;
        for (int i = 0; i < symbols.Count; i++)
        {
            string symbol = symbols[i];
            if (string.IsNullOrEmpty(symbol) || !Ascii.IsValid(symbol))
            {
                ThrowHelper.ThrowArgument(nameof(symbols), "Symbol #{0} '{1}' must be non-empty ASCII.", i, symbol);
            }

            total += symbol.Length;
        }

        _keys = new byte[total];
        _keyStart = new int[symbols.Count];
        _keyLength = new int[symbols.Count];
        _slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, symbols.Count * 2))];
        _mask = _slots.Length - 1;

        int at = 0;
        for (int i = 0; i < symbols.Count; i++)
        {
            string symbol = symbols[i];
            Span<byte> key = _keys.AsSpan(at, symbol.Length);
            Ascii.ToLower(symbol, key, out _);
            if (Find(key) >= 0)
            {
                ThrowHelper.ThrowArgument(nameof(symbols), "Symbol '{0}' is listed twice.", symbol);
            }

            _keyStart[i] = at;
            _keyLength[i] = symbol.Length;
            int slot = (int)(Hash(key) & (uint)_mask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i + 1;
            at += symbol.Length;
        }

        Count = symbols.Count;
    }

    /// <summary>Number of symbols.</summary>
    public int Count { get; }

    /// <summary>The index of <paramref name="symbol"/> (any ASCII case), or -1 when it is not in the table.</summary>
    public int Find(ReadOnlySpan<byte> symbol)
    {
        int slot = (int)(Hash(symbol) & (uint)_mask);
        while (true)
        {
            int entry = _slots[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (EqualsIgnoreCase(_keys.AsSpan(_keyStart[entry], _keyLength[entry]), symbol))
            {
                return entry;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The lowercase symbol at <paramref name="index"/> (cold path).</summary>
    public string SymbolAt(int index) => Encoding.ASCII.GetString(_keys, _keyStart[index], _keyLength[index]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Lower(byte c) => (uint)(c - 'A') <= 'Z' - 'A' ? (byte)(c | 0x20) : c;

    private static uint Hash(ReadOnlySpan<byte> key)
    {
        uint hash = FnvOffset;
        for (int i = 0; i < key.Length; i++)
        {
            hash = (hash ^ Lower(key[i])) * FnvPrime;
        }

        return hash;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> lowerKey, ReadOnlySpan<byte> candidate)
    {
        if (lowerKey.Length != candidate.Length)
        {
            return false;
        }

        for (int i = 0; i < lowerKey.Length; i++)
        {
            if (lowerKey[i] != Lower(candidate[i]))
            {
                return false;
            }
        }

        return true;
    }
}
