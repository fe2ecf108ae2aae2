using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Journal.Tools;

/// <summary>
/// The <c>llfeed journal inspect|verify|export</c> verbs as library calls. Each returns a process exit code:
/// <see cref="ExitOk"/>, <see cref="ExitProblems"/> (damage or gaps found; each reported with file and offset) or
/// <see cref="ExitUsage"/> (no such directory).
/// </summary>
public static class JournalTools
{
    /// <summary>Everything fine.</summary>
    public const int ExitOk = 0;

    /// <summary>Problems were found and reported.</summary>
    public const int ExitProblems = 1;

    /// <summary>The journal directory does not exist or the output could not be written.</summary>
    public const int ExitUsage = 2;

    /// <summary>
    /// Prints each segment (ordinal, version, blocks, events, sequence and time ranges, raw and stored bytes,
    /// compression ratio) and totals, from block headers and indexes only — nothing is decompressed.
    /// </summary>
    public static int Inspect(string directory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Directory.Exists(directory))
        {
            output.WriteLine($"error: journal directory {Path.GetFullPath(directory)} does not exist");
            return ExitUsage;
        }

        List<SegmentRef> segments = JournalDirectory.ListSegments(directory);
        var issues = new IssueCollector(null);
        var entries = new List<IndexEntry>();
        byte[] scratch = new byte[64 * 1024];
        var total = new SegmentSummary();
        output.WriteLine($"journal {Path.GetFullPath(directory)}: {segments.Count} segment(s)");
        output.WriteLine("segment                  version   bytes        blocks   events       first seq    last seq     event time first .. last                                   raw bytes    stored bytes ratio");
        long previousOrdinal = 0;
        foreach (SegmentRef segment in segments)
        {
            ReportMissing(issues, segment, previousOrdinal);
            previousOrdinal = segment.Ordinal;
            using SegmentFile file = SegmentFile.Open(segment.Path, segment.Ordinal);
            string name = Path.GetFileName(segment.Path);
            if (file.HeaderStatus != FileHeaderStatus.Ok)
            {
                ReportHeader(issues, file);
                output.WriteLine($"{name,-24} {(file.HeaderStatus == FileHeaderStatus.UnsupportedVersion ? file.Header.Version.ToString(CultureInfo.InvariantCulture) : "?"),-9} {file.Length,-12} unreadable: {file.DescribeHeaderProblem()}");
                continue;
            }

            SegmentBlockLoader.Load(file, segment.IndexPath, entries, issues, ref scratch);
            var summary = new SegmentSummary();
            foreach (IndexEntry entry in entries)
            {
                summary.Add(in entry.Block);
            }

            total.Merge(summary);
            output.WriteLine($"{name,-24} {file.Header.Version,-9} {file.Length,-12} {summary.Format()}");
        }

        output.WriteLine($"{"total",-24} {"",-9} {"",-12} {total.Format()}");
        return PrintIssues(issues, output);
    }

    /// <summary>
    /// Checks every segment header, every block header and payload CRC, decompresses and decodes every record, and checks
    /// that sequences run on without gaps across blocks and segments. Prints each bad block with its file and offset
    /// (<c>BAD</c>). A damaged or disagreeing index header or entry is printed as a <c>WARN</c> line with the index file
    /// and offset: the index is a hint that readers validate and scan past, so it does not fail the verification.
    /// </summary>
    public static int Verify(string directory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Directory.Exists(directory))
        {
            output.WriteLine($"error: journal directory {Path.GetFullPath(directory)} does not exist");
            return ExitUsage;
        }

        var issues = new IssueCollector(issue => output.WriteLine("BAD  " + issue));

        // The index is a hint (readers validate it and scan where it fails), so its damage is a warning, not a problem.
        var warnings = new IssueCollector(issue => output.WriteLine("WARN " + issue));
        List<SegmentRef> segments = JournalDirectory.ListSegments(directory);
        var entries = new List<IndexEntry>();
        var indexed = new List<IndexEntry>();
        byte[] block = new byte[256 * 1024];
        byte[] raw = new byte[256 * 1024];
        MarketEvent scratchEvent = default;
        long blocks = 0;
        long events = 0;
        long expected = long.MinValue;
        long previousOrdinal = 0;
        foreach (SegmentRef segment in segments)
        {
            if (ReportMissing(issues, segment, previousOrdinal))
            {
                expected = long.MinValue;
            }

            previousOrdinal = segment.Ordinal;
            using SegmentFile file = SegmentFile.Open(segment.Path, segment.Ordinal);
            if (file.HeaderStatus != FileHeaderStatus.Ok)
            {
                ReportHeader(issues, file);
                expected = long.MinValue;
                continue;
            }

            // Verify walks the segment itself and then checks the index against what it found.
            entries.Clear();
            indexed.Clear();
            SegmentBlockLoader.Scan(file, JournalFormat.FileHeaderSize, entries, issues, ref block);
            SegmentBlockLoader.LoadIndex(file, segment.IndexPath, indexed, warnings);
            CheckIndex(warnings, segment, entries, indexed);

            foreach (IndexEntry entry in entries)
            {
                ref readonly BlockHeader header = ref entry.Block;
                if (expected != long.MinValue && header.FirstSequence != expected)
                {
                    issues.Report(JournalIssueKind.SequenceGap, file.Path, entry.Offset, $"block starts at sequence {header.FirstSequence}; expected {expected}");
                }

                expected = header.LastSequence + 1;
                blocks++;
                BlockReadStatus status = file.ReadBlock(entry.Offset, in header, ref block);
                if (status != BlockReadStatus.Ok)
                {
                    issues.Report(
                        status == BlockReadStatus.BadPayload ? JournalIssueKind.BadBlockPayload : JournalIssueKind.BadBlockHeader,
                        file.Path,
                        entry.Offset,
                        status == BlockReadStatus.BadPayload
                            ? $"block payload CRC mismatch (sequences {header.FirstSequence}..{header.LastSequence})"
                            : $"block header changed while verifying (sequences {header.FirstSequence}..{header.LastSequence})");
                    continue;
                }

                if (!SegmentFile.TryUnpack(block, in header, ref raw))
                {
                    issues.Report(JournalIssueKind.MalformedBlock, file.Path, entry.Offset, $"block does not decompress to its recorded {header.RawLength} bytes");
                    continue;
                }

                ReadOnlySpan<byte> records = raw.AsSpan(0, header.RawLength);
                int position = 0;
                var times = default(RecordTimeBase);
                for (int i = 0; i < header.Count; i++)
                {
                    RecordStatus record = RecordCodec.TryDecode(records, ref position, ref scratchEvent, ref times, out _);
                    if (record != RecordStatus.Ok)
                    {
                        issues.Report(JournalIssueKind.MalformedBlock, file.Path, entry.Offset, $"record {i} of {header.Count} is {record.ToString().ToLowerInvariant()}");
                        break;
                    }

                    events++;
                }

                if (position != header.RawLength)
                {
                    issues.Report(JournalIssueKind.MalformedBlock, file.Path, entry.Offset, $"records end at byte {position} of a {header.RawLength}-byte block");
                }
            }
        }

        string warned = warnings.Count == 0 ? string.Empty : $", {warnings.Count} index warning(s)";
        output.WriteLine($"verified {segments.Count} segment(s), {blocks} block(s), {events} event(s): {(issues.Count == 0 ? "OK" : issues.Count + " problem(s)")}{warned}");
        return issues.Count == 0 ? ExitOk : ExitProblems;
    }

    /// <summary>
    /// Writes every event (or those matching <paramref name="query"/>) to <paramref name="outFile"/> as CSV with a header
    /// row; problems met on the way are written to <paramref name="log"/> and make the result <see cref="ExitProblems"/>.
    /// </summary>
    public static int Export(string directory, string outFile, TextWriter? log = null, JournalQuery? query = null)
    {
        if (!Directory.Exists(directory))
        {
            log?.WriteLine($"error: journal directory {Path.GetFullPath(directory)} does not exist");
            return ExitUsage;
        }

        JournalReader reader = JournalReader.Open(directory, new JournalReaderOptions { OnIssue = issue => log?.WriteLine("BAD  " + issue) });
        using JournalCursor cursor = reader.Read(query);
        using (var writer = new StreamWriter(outFile, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
        {
            writer.Write(EventCsvFormatter.Header);
            writer.Write('\n');
            var formatter = new EventCsvFormatter();
            while (cursor.MoveNext())
            {
                formatter.Write(cursor, writer);
            }
        }

        log?.WriteLine($"exported {cursor.EventsRead} event(s) to {Path.GetFullPath(outFile)}");
        return cursor.IssueCount == 0 ? ExitOk : ExitProblems;
    }

    internal static string FormatTime(long unixNs)
    {
        if (unixNs is long.MinValue or long.MaxValue)
        {
            return "-";
        }

        DateTime time = UnixTime.ToDateTime(unixNs);
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    private static bool ReportMissing(IssueCollector issues, SegmentRef segment, long previousOrdinal)
    {
        if (previousOrdinal == 0 || segment.Ordinal == previousOrdinal + 1)
        {
            return false;
        }

        string directory = Path.GetDirectoryName(segment.Path)!;
        issues.Report(
            JournalIssueKind.MissingSegment,
            JournalDirectory.SegmentPath(directory, previousOrdinal + 1),
            -1,
            $"missing: {segment.Ordinal - previousOrdinal - 1} segment(s) between {JournalFormat.SegmentFileName(previousOrdinal)} and {Path.GetFileName(segment.Path)}");
        return true;
    }

    private static void ReportHeader(IssueCollector issues, SegmentFile file)
    {
        bool version = file.HeaderStatus == FileHeaderStatus.UnsupportedVersion;
        issues.Report(
            version ? JournalIssueKind.UnsupportedVersion : JournalIssueKind.BadFileHeader,
            file.Path,
            version ? FileHeader.VersionOffset : 0,
            file.DescribeHeaderProblem());
    }

    private static void CheckIndex(IssueCollector issues, SegmentRef segment, List<IndexEntry> scanned, List<IndexEntry> indexed)
    {
        if (!File.Exists(segment.IndexPath))
        {
            return;
        }

        // The index's chained entries must be exactly the scanned blocks, in order (it may lag, never differ).
        int count = Math.Min(scanned.Count, indexed.Count);
        for (int i = 0; i < count; i++)
        {
            if (scanned[i].Offset != indexed[i].Offset
                || scanned[i].Block.FirstSequence != indexed[i].Block.FirstSequence
                || scanned[i].Block.Count != indexed[i].Block.Count
                || scanned[i].Block.PayloadCrc != indexed[i].Block.PayloadCrc)
            {
                issues.Report(JournalIssueKind.IndexMismatch, segment.IndexPath, JournalFormat.FileHeaderSize + ((long)i * JournalFormat.IndexEntrySize), $"index entry {i} does not match the segment's block at offset {scanned[i].Offset}");
                return;
            }
        }
    }

    private static int PrintIssues(IssueCollector issues, TextWriter output)
    {
        foreach (JournalIssue issue in issues.Issues)
        {
            output.WriteLine("BAD  " + issue);
        }

        return issues.Count == 0 ? ExitOk : ExitProblems;
    }
}
