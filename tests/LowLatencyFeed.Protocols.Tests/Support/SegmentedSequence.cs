using System.Buffers;

namespace LowLatencyFeed.Protocols.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/> values to exercise the segment-straddling paths.</summary>
public static class SegmentedSequence
{
    /// <summary>
    /// Splits <paramref name="data"/> at the given ascending offsets (each in 0..Length), one segment per piece.
    /// Empty pieces become empty segments, which real pipes can also produce.
    /// </summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var first = new Segment(data[..(cuts.Length == 0 ? data.Length : cuts[0])].ToArray(), 0);
        Segment last = first;
        for (int i = 0; i < cuts.Length; i++)
        {
            int start = cuts[i];
            int end = i + 1 < cuts.Length ? cuts[i + 1] : data.Length;
            if (end < start)
            {
                throw new ArgumentException("Cuts must be ascending.", nameof(cuts));
            }

            last = last.Append(data[start..end].ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="data"/> into segments of <paramref name="size"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Chunked(ReadOnlySpan<byte> data, int size)
    {
        var cuts = new List<int>();
        for (int at = size; at < data.Length; at += size)
        {
            cuts.Add(at);
        }

        return Split(data, [.. cuts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
