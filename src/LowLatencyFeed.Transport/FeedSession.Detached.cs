using System.Buffers;
using System.IO.Pipelines;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Decoding without a socket, for the fuzzer and tools: a message goes through the same pipe record, dispatch,
/// <see cref="SessionSink{TSink}"/> and protocol call as a received one, synchronously on the caller's thread.
/// </summary>
public sealed partial class FeedSession
{
    private Pipe? _detachedPipe;
    private AfterGapSlot? _detachedGap;

    /// <summary>
    /// Decodes one WebSocket message exactly as the live decode loop would: the message becomes a pipe record the way
    /// the receive loop writes it (a header reserved in front, the payload in <see cref="FeedSessionOptions.ReceiveBufferSize"/>
    /// pieces, so a long message spans pipe segments), and the decode loop's dispatch hands it to the protocol through the
    /// session sink. A protocol exception is absorbed and counted in <see cref="FeedSessionStatistics.DecodeFaults"/>
    /// (and logged once) as live; a reply the protocol produces is dropped (there is no connection) and counted in
    /// <see cref="FeedSessionStatistics.RepliesDropped"/>. Allocation-free in steady state. Not thread-safe, and not for a
    /// session that <see cref="RunAsync{TSink}"/> runs.
    /// </summary>
    /// <param name="message">The whole message; at most half of <see cref="FeedSessionOptions.PipePauseThreshold"/> bytes.</param>
    /// <param name="kind">Binary or text.</param>
    /// <param name="receiveTimeNs">Receive time stamped on the record.</param>
    /// <param name="sink">Receives the events.</param>
    /// <returns>The events the protocol published.</returns>
    public int DecodeDetached<TSink>(ReadOnlySpan<byte> message, MessageKind kind, long receiveTimeNs, TSink sink)
        where TSink : struct, IEventSink
    {
        if (Volatile.Read(ref _started) != 0)
        {
            ThrowHelper.ThrowAlreadyRunning();
        }

        if (message.Length > _options.PipePauseThreshold / 2)
        {
            ThrowHelper.ThrowDetachedTooLong(message.Length, _options.PipePauseThreshold / 2);
        }

        Pipe pipe = _detachedPipe ??= new Pipe(CreatePipeOptions(_options));
        WriteRecord(pipe.Writer, message, kind, receiveTimeNs, _options.ReceiveBufferSize);
        if (!pipe.Reader.TryRead(out ReadResult result))
        {
            ThrowHelper.ThrowDetachedPipe("the pipe returned no record");
        }

        long before = Statistics.Events;
        var session = new SessionSink<TSink>(sink, _detachedGap ??= new AfterGapSlot());
        ReadOnlySequence<byte> buffer = result.Buffer;
        while (true)
        {
            SequencePosition consumed = DispatchRecords(buffer, ref session);
            buffer = buffer.Slice(consumed);
            if (!_replyPending)
            {
                break;
            }

            _replyPending = false;
            Statistics.CountReplyDropped();
        }

        pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        return (int)(Statistics.Events - before);
    }

    /// <summary>As the receive loop does: reserve the header and a receive buffer, spill into further segments, fill the header last.</summary>
    private static void WriteRecord(PipeWriter writer, ReadOnlySpan<byte> message, MessageKind kind, long receiveTimeNs, int chunk)
    {
        Memory<byte> block = writer.GetMemory(PipeRecord.HeaderSize + chunk);
        Memory<byte> header = block[..PipeRecord.HeaderSize];
        int used = PipeRecord.HeaderSize;
        ReadOnlySpan<byte> rest = message;
        while (rest.Length > 0)
        {
            if (used == block.Length)
            {
                writer.Advance(used);
                block = writer.GetMemory(chunk);
                used = 0;
            }

            int piece = Math.Min(rest.Length, Math.Min(chunk, block.Length - used));
            rest[..piece].CopyTo(block.Span[used..]);
            used += piece;
            rest = rest[piece..];
        }

        PipeRecord.WriteHeader(header.Span, message.Length, kind == MessageKind.Text ? PipeRecordKind.Text : PipeRecordKind.Binary, receiveTimeNs);
        writer.Advance(used);
        ValueTask<FlushResult> flush = writer.FlushAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            ThrowHelper.ThrowDetachedPipe("the pipe did not accept the record at once");
        }
    }
}
