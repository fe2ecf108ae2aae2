using System.Buffers.Binary;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>
/// Makes fuzz frame number i from the templates (the simulator's valid messages) and the seed alone, so any frame can be
/// rebuilt from (seed, i) and a run is reproducible. Writes into a caller's buffer; allocates nothing.
/// </summary>
public sealed class FrameMutator
{
    /// <summary>Mutations in the round-robin.</summary>
    public const int MutationCount = 7;

    private static readonly ulong[] s_extremes = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];
    private static readonly int[] s_headerOffsets = [0, 1, 2, 3, 4, 6, 8, 10, 12];
    private static readonly byte[][] s_extremeNumbers =
    [
        "0"u8.ToArray(), "-1"u8.ToArray(), "-0"u8.ToArray(), "18446744073709551616"u8.ToArray(), "-9223372036854775809"u8.ToArray(),
        "99999999999999999999999999999999999999"u8.ToArray(), "1e999"u8.ToArray(), "0.000000000000000000001"u8.ToArray(), "NaN"u8.ToArray(),
    ];

    private readonly byte[][] _templates;
    private readonly MessageKind[] _kinds;
    private readonly long _sweepLength;
    private readonly long[] _sweepStarts;
    private readonly ulong _seed;
    private readonly int _controlTemplates;

    /// <summary>Creates a mutator over <paramref name="templates"/> (the first <paramref name="controlTemplates"/> of them handshake replies) for <paramref name="seed"/>.</summary>
    public FrameMutator(IReadOnlyList<SimulatedMessage> templates, int controlTemplates, long seed)
    {
        _controlTemplates = controlTemplates;
        ArgumentNullException.ThrowIfNull(templates);
        _templates = [.. templates.Select(static t => t.Payload)];
        _kinds = [.. templates.Select(static t => t.Kind)];
        _seed = (ulong)seed;
        MaxFrameLength = 2 * _templates.Max(static t => t.Length) + 64;
        _sweepStarts = new long[_templates.Length];
        for (int t = 0; t < _templates.Length; t++)
        {
            _sweepStarts[t] = _sweepLength;
            _sweepLength += _templates[t].Length + 1;
        }
    }

    /// <summary>The longest frame <see cref="Make"/> writes; size the buffer to it.</summary>
    public int MaxFrameLength { get; }

    /// <summary>Truncation frames needed to cut every template at every length once (the sweep's period).</summary>
    public long TruncationSweep => _sweepLength;

    /// <summary>True when template <paramref name="template"/> is a handshake reply (a control message), not stream data.</summary>
    public bool IsControl(int template) => template < _controlTemplates;

    /// <summary>Writes frame <paramref name="index"/> into <paramref name="destination"/>; returns its length, and which template it came from.</summary>
    public int Make(long index, Span<byte> destination, out MessageKind kind, out FuzzMutation mutation, out int template)
    {
        var random = new DeterministicRandom(_seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL));
        mutation = (FuzzMutation)(index % MutationCount);
        template = random.Next(_templates.Length);
        ReadOnlySpan<byte> source = _templates[template];
        kind = _kinds[template];
        switch (mutation)
        {
            case FuzzMutation.Valid:
                return Copy(source, destination);
            case FuzzMutation.BitFlips:
                return FlipBits(source, destination, ref random);
            case FuzzMutation.Truncation:
                return Truncate(index / MutationCount, destination, out kind, out template);
            case FuzzMutation.Splice:
                return Splice(source, _templates[random.Next(_templates.Length)], destination, ref random);
            case FuzzMutation.LengthExtreme:
                return kind == MessageKind.Text ? ExtremeNumber(source, destination, ref random) : ExtremeField(source, destination, ref random);
            case FuzzMutation.RandomBytes:
                return RandomBytes(source, destination, ref random);
            default:
                return Mixed(source, destination, ref random);
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static int FlipBits(ReadOnlySpan<byte> template, Span<byte> destination, ref DeterministicRandom random)
    {
        int length = Copy(template, destination);
        if (length == 0)
        {
            return 0;
        }

        int flips = random.Next(1, 8);
        for (int f = 0; f < flips; f++)
        {
            int at = random.Next(2) == 0 ? random.Next(Math.Min(16, length)) : random.Next(length);
            destination[at] ^= (byte)(1 << random.Next(8));
        }

        return length;
    }

    /// <summary>Cut number <paramref name="sweep"/>: templates in turn, each at lengths 0..its length, so the sweep visits every cut.</summary>
    private int Truncate(long sweep, Span<byte> destination, out MessageKind kind, out int template)
    {
        long position = sweep % _sweepLength;

        // The template whose cuts cover this position: the last sweep start at or before it.
        int t = Array.BinarySearch(_sweepStarts, position);
        if (t < 0)
        {
            t = ~t - 1;
        }

        position -= _sweepStarts[t];
        kind = _kinds[t];
        template = t;
        return Copy(_templates[t].AsSpan(0, (int)position), destination);
    }

    private static int Splice(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination, ref DeterministicRandom random)
    {
        if (random.Next(3) == 0)
        {
            int whole = Copy(first, destination);
            return whole + Copy(second, destination[whole..]);
        }

        int head = random.Next(first.Length + 1);
        int tail = random.Next(second.Length + 1);
        int length = Copy(first[..head], destination);
        return length + Copy(second[tail..], destination[length..]);
    }

    private static int ExtremeField(ReadOnlySpan<byte> template, Span<byte> destination, ref DeterministicRandom random)
    {
        int length = Copy(template, destination);
        int width = random.Next(3) switch { 0 => 1, 1 => 2, _ => 4 };
        if (length < width)
        {
            return length;
        }

        int at = random.Next(4) == 0 ? random.Next(length - width + 1) : s_headerOffsets[random.Next(s_headerOffsets.Length)];
        if (at > length - width)
        {
            at = length - width;
        }

        ulong value = s_extremes[random.Next(s_extremes.Length)];
        Span<byte> field = destination.Slice(at, width);
        bool bigEndian = random.Next(2) == 0;
        switch (width)
        {
            case 1:
                field[0] = (byte)value;
                break;
            case 2 when bigEndian:
                BinaryPrimitives.WriteUInt16BigEndian(field, (ushort)value);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
                break;
            case 4 when bigEndian:
                BinaryPrimitives.WriteUInt32BigEndian(field, (uint)value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                break;
        }

        return length;
    }

    /// <summary>Text: replaces the digits of a number (picked at random among the template's digit runs) with an extreme number.</summary>
    private static int ExtremeNumber(ReadOnlySpan<byte> template, Span<byte> destination, ref DeterministicRandom random)
    {
        int start = template.Length == 0 ? 0 : random.Next(template.Length);
        while (start < template.Length && !char.IsAsciiDigit((char)template[start]))
        {
            start++;
        }

        if (start == template.Length)
        {
            return Copy(template, destination);
        }

        while (start > 0 && char.IsAsciiDigit((char)template[start - 1]))
        {
            start--;
        }

        int end = start;
        while (end < template.Length && (char.IsAsciiDigit((char)template[end]) || template[end] == (byte)'.'))
        {
            end++;
        }

        int length = Copy(template[..start], destination);
        length += Copy(s_extremeNumbers[random.Next(s_extremeNumbers.Length)], destination[length..]);
        return length + Copy(template[end..], destination[length..]);
    }

    private static int RandomBytes(ReadOnlySpan<byte> template, Span<byte> destination, ref DeterministicRandom random)
    {
        int length = random.Next(Math.Min(destination.Length, (2 * template.Length) + 16) + 1);

        // Eight random bytes per draw: one draw per byte made this mutation cost more than all the others together.
        int i = 0;
        for (; i + sizeof(ulong) <= length; i += sizeof(ulong))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], random.NextUInt64());
        }

        if (i < length)
        {
            ulong tail = random.NextUInt64();
            for (; i < length; i++, tail >>= 8)
            {
                destination[i] = (byte)tail;
            }
        }

        if (random.Next(4) == 0)
        {
            // A plausible start (a real header), then noise.
            template[..Math.Min(length, Math.Min(template.Length, 8))].CopyTo(destination);
        }

        return length;
    }

    private static int Mixed(ReadOnlySpan<byte> template, Span<byte> destination, ref DeterministicRandom random)
    {
        int length = Copy(template, destination);
        int edits = random.Next(2, 5);
        for (int e = 0; e < edits; e++)
        {
            int at = length == 0 ? 0 : random.Next(length);
            switch (random.Next(5))
            {
                case 0 when length > 0:
                    destination[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when length > 0:
                    destination[at] = (byte)random.NextUInt64();
                    break;
                case 2 when length < destination.Length:
                    destination[at..length].CopyTo(destination[(at + 1)..]);
                    destination[at] = (byte)random.NextUInt64();
                    length++;
                    break;
                case 3 when length > 0:
                    destination[(at + 1)..length].CopyTo(destination[at..]);
                    length--;
                    break;
                default:
                    length = at;
                    break;
            }
        }

        return length;
    }
}
