using System.Runtime.CompilerServices;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Forward-only access to one binary message, so a single frame loop serves both the span fast path and the
/// multi-segment path. Implemented by ref structs; the loop is generic over them and the JIT specializes each.
/// </summary>
internal interface IKiteFrameReader
{
    /// <summary>Total bytes of the message.</summary>
    long Length { get; }

    /// <summary>Bytes consumed so far (the offset reported in diagnostics).</summary>
    long Consumed { get; }

    /// <summary>Bytes left.</summary>
    long Remaining { get; }

    /// <summary>Reads a big-endian uint16, or returns false (consuming nothing) when fewer than two bytes remain.</summary>
    bool TryReadUInt16(out ushort value);

    /// <summary>Skips <paramref name="count"/> bytes; the caller checked <see cref="Remaining"/>.</summary>
    void Skip(int count);

    /// <summary>Returns the next <paramref name="length"/> bytes contiguously; the caller checked <see cref="Remaining"/>.</summary>
    ReadOnlySpan<byte> ReadPacket(int length);

    /// <summary>Reports a fault at <paramref name="offset"/> with an excerpt of this message.</summary>
    void Report(
        FeedDiagnostics diagnostics,
        ParseErrorReason reason,
        [InterpolatedStringHandlerArgument("diagnostics", "reason")] ref DiagnosticDetailHandler detail,
        long offset);
}
