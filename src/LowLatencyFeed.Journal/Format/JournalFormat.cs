using System.Globalization;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Journal.Format;

/// <summary>
/// The on-disk layout of a journal directory, version 1. All integers are little-endian.
/// </summary>
/// <remarks>
/// <para>A journal is a directory of append-only segment files <c>journal-NNNNNNNNNN.seg</c> numbered by an ordinal that
/// grows by one per segment, each with a sidecar index <c>journal-NNNNNNNNNN.idx</c>. A gap in the ordinals is a missing
/// segment (retention only ever removes the oldest ones).</para>
/// <para>Segment: a <see cref="FileHeaderSize"/>-byte <see cref="FileHeader"/>, then blocks. Block: a
/// <see cref="BlockHeaderSize"/>-byte <see cref="BlockHeader"/> (first sequence, count, event- and receive-time ranges,
/// lengths, payload CRC, header CRC) followed by the payload: the block's records, LZ4-compressed unless that did not
/// help. A block holds a contiguous run of sequences, so records do not store their sequence.</para>
/// <para>Index: a <see cref="FileHeader"/> then one <see cref="IndexEntrySize"/>-byte entry per block (a copy of the
/// block header and its file offset, CRC-protected). It is a hint that makes seeking cheap; readers validate it and
/// scan block headers past its end, so a stale or missing index never loses data.</para>
/// </remarks>
public static class JournalFormat
{
    /// <summary>The format version this library writes and reads.</summary>
    public const ushort CurrentVersion = 1;

    /// <summary>Record encoding 1: compact header plus only the payload bytes of its kind (segments written before 2026-12-08; still read).</summary>
    public const ushort CompactRecordEncoding = 1;

    /// <summary>Record encoding 2, written now: encoding 1 plus narrow records (<see cref="RecordCodec.EncodeNarrow"/>).</summary>
    public const ushort NarrowRecordEncoding = 2;

    /// <summary>Whether this build reads segments of record encoding <paramref name="encoding"/>.</summary>
    public static bool IsReadableEncoding(ushort encoding) => encoding is CompactRecordEncoding or NarrowRecordEncoding;

    /// <summary>Size of the header at the start of segment and index files.</summary>
    public const int FileHeaderSize = 64;

    /// <summary>Size of the header before every block's payload.</summary>
    public const int BlockHeaderSize = 72;

    /// <summary>Size of one index entry.</summary>
    public const int IndexEntrySize = 88;

    /// <summary>First 8 bytes of a segment file: "LLFJSEG" and 0x1A.</summary>
    public const ulong SegmentMagic = 0x1A4745534A464C4Cul;

    /// <summary>First 8 bytes of an index file: "LLFJIDX" and 0x1A.</summary>
    public const ulong IndexMagic = 0x1A5844494A464C4Cul;

    /// <summary>First 4 bytes of every block: "JBLK". Lets a reader find the next block after a damaged header.</summary>
    public const uint BlockMagic = 0x4B4C424Au;

    /// <summary>Upper bound on a block's uncompressed payload; anything larger is treated as corrupt.</summary>
    public const int MaxBlockRawBytes = 64 * 1024 * 1024;

    /// <summary>Upper bound on events per block.</summary>
    public const int MaxEventsPerBlock = 1 << 20;

    /// <summary>File name prefix of segments and indexes.</summary>
    public const string FilePrefix = "journal-";

    /// <summary>Extension of segment files.</summary>
    public const string SegmentExtension = ".seg";

    /// <summary>Extension of index files.</summary>
    public const string IndexExtension = ".idx";

    /// <summary>Name of the lock file that keeps a second writer out of a directory.</summary>
    public const string LockFileName = "journal.lock";

    private const int OrdinalDigits = 10;

    /// <summary>The file name of segment <paramref name="ordinal"/>.</summary>
    public static string SegmentFileName(long ordinal) => FilePrefix + ordinal.ToString("D" + OrdinalDigits, CultureInfo.InvariantCulture) + SegmentExtension;

    /// <summary>The file name of the index of segment <paramref name="ordinal"/>.</summary>
    public static string IndexFileName(long ordinal) => FilePrefix + ordinal.ToString("D" + OrdinalDigits, CultureInfo.InvariantCulture) + IndexExtension;

    /// <summary>Parses the ordinal out of a segment file name; false for any other file.</summary>
    public static bool TryParseSegmentOrdinal(string fileName, out long ordinal)
    {
        ordinal = 0;
        if (!fileName.StartsWith(FilePrefix, StringComparison.Ordinal) || !fileName.EndsWith(SegmentExtension, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> digits = fileName.AsSpan(FilePrefix.Length, fileName.Length - FilePrefix.Length - SegmentExtension.Length);
        return digits.Length > 0
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ordinal)
            && ordinal > 0;
    }

    /// <summary>
    /// The time an event is indexed and filtered by: the exchange time, or the receive time when the event has none
    /// (control events, feeds without exchange timestamps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long EventTime(ref readonly EventHeader header) => header.ExchangeTimeNs != 0 ? header.ExchangeTimeNs : header.ReceiveTimeNs;
}
