using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>The decode loop: the pipe's only reader and the sink's only producer.</summary>
public sealed partial class FeedSession
{
    private async Task DecodeLoopAsync<TSink>(PipeReader reader, TSink sink)
        where TSink : struct, IEventSink
    {
        var session = new SessionSink<TSink>(sink, _gap);
        try
        {
            while (true)
            {
                if (!_changes.IsEmpty)
                {
                    List<(QueuedChange Change, ReplyTarget? Target)> taken = TakeChanges(ref session);
                    await FlushControlAsync().ConfigureAwait(false);
                    CompleteChanges(taken);
                }
                else if (Volatile.Read(ref _controlDue))
                {
                    // The pacer has room again for messages a change left waiting.
                    await FlushControlAsync().ConfigureAwait(false);
                }

                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    // Woken by ChangeSubscriptionsAsync or the pacer's timer: handle it (loop top) before decoding on.
                    reader.AdvanceTo(buffer.Start);
                    continue;
                }

                SequencePosition consumed = DispatchRecords(buffer, ref session);
                if (_replyPending || _resyncPending)
                {
                    // Dispatch stopped after the message that produced the reply (or a new connection's record): send
                    // before decoding on, and mark nothing beyond it examined so the next read returns the rest at once.
                    reader.AdvanceTo(consumed);
                    if (_resyncPending)
                    {
                        // What changed since this connection read its list at connect.
                        _resyncPending = false;
                        await FlushControlAsync().ConfigureAwait(false);
                    }

                    if (_replyPending)
                    {
                        await SendReplyAsync().ConfigureAwait(false);
                    }

                    continue;
                }

                reader.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            // The sink failed: stop the receive side (its next flush reports completion) and surface the error.
            await reader.CompleteAsync(exception).ConfigureAwait(false);
            throw;
        }

        await reader.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Handles every complete record in <paramref name="buffer"/>, or those up to a message that produced a reply;
    /// returns where the first unhandled one starts.
    /// </summary>
    [SkipLocalsInit]
    private SequencePosition DispatchRecords<TSink>(in ReadOnlySequence<byte> buffer, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        Span<byte> scratch = stackalloc byte[PipeRecord.ControlPayloadSize];
        ReadOnlySequence<byte> remaining = buffer;
        while (remaining.Length >= PipeRecord.HeaderSize)
        {
            ReadOnlySpan<byte> first = remaining.FirstSpan;
            ReadOnlySpan<byte> header = first.Length >= PipeRecord.HeaderSize ? first : Copy(remaining, PipeRecord.HeaderSize, scratch);
            PipeRecord.ReadHeader(header, out int length, out PipeRecordKind kind, out long timeNs);
            if (remaining.Length - PipeRecord.HeaderSize < length)
            {
                break;
            }

            ReadOnlySequence<byte> payload = remaining.Slice(PipeRecord.HeaderSize, length);
            if (kind <= PipeRecordKind.Text)
            {
                DecodeMessage(payload, (MessageKind)kind, timeNs, ref sink);
            }
            else if (kind != PipeRecordKind.Discarded)
            {
                ReadOnlySpan<byte> control = payload.FirstSpan.Length >= PipeRecord.ControlPayloadSize ? payload.FirstSpan : Copy(payload, PipeRecord.ControlPayloadSize, scratch);
                PipeRecord.ReadControl(control, out int reason, out long argument0, out long argument1);
                PublishLifecycle(kind, reason, argument0, argument1, timeNs, ref sink);
            }

            remaining = remaining.Slice(payload.End);
            if (_replyPending || _resyncPending)
            {
                break;
            }
        }

        return remaining.Start;
    }

    private static ReadOnlySpan<byte> Copy(in ReadOnlySequence<byte> source, int length, Span<byte> scratch)
    {
        source.Slice(0, length).CopyTo(scratch);
        return scratch[..length];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DecodeMessage<TSink>(in ReadOnlySequence<byte> payload, MessageKind kind, long receiveTimeNs, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        try
        {
            int events = _protocol.Decode(payload, kind, receiveTimeNs, ref sink);
            Statistics.CountEvents(events);
            if (_replySource is not null)
            {
                TakeReply(_replySource);
            }
        }
        catch (Exception exception) when (!sink.SinkFaulted)
        {
            // A sink failure propagates (the filter lets it pass) and ends the session; only decoder bugs are absorbed.
            OnDecodeFault(exception, (int)payload.Length, ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnDecodeFault<TSink>(Exception exception, int length, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        Statistics.CountDecodeFault();
        sink.CloseOpenClaim();
        if (Interlocked.Exchange(ref _decodeFaultLogged, 1) == 0)
        {
            FeedSessionLog.DecodeFault(_logger, _options.Name, length, exception);
        }
    }

    private void PublishLifecycle<TSink>(PipeRecordKind kind, int reason, long argument0, long argument1, long timeNs, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        switch (kind)
        {
            case PipeRecordKind.Connected:
                // reason carries the number of subscription messages sent (see ConnectionLoopAsync).
                OnDecodingConnection(argument0);
                _resyncPending = _changer is not null;
                PublishControl(ControlCode.Connected, 0, argument0, argument1, timeNs, ref sink);
                PublishControl(ControlCode.Subscribed, 0, Volatile.Read(ref _subscriptions).Count, reason, timeNs, ref sink);
                if (argument0 > 1)
                {
                    sink.ArmAfterGap();
                }

                break;
            case PipeRecordKind.Stale:
                PublishControl(ControlCode.StaleFeed, reason, argument0, argument1, timeNs, ref sink);
                break;
            case PipeRecordKind.Disconnected:
                PublishControl(ControlCode.Disconnected, reason, argument0, argument1, timeNs, ref sink);
                break;
        }
    }

    private void PublishControl<TSink>(ControlCode code, int reason, long argument0, long argument1, long timeNs, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        ref MarketEvent e = ref ClaimControl(code, reason, argument0, argument1, timeNs, ref sink);
        e.Header.Instrument = InstrumentId.From(_protocol.Feed, 0);
        sink.PublishControl();
    }

    /// <summary>Claims and fills a control event of this session; the caller may refine it and must publish it.</summary>
    private ref MarketEvent ClaimControl<TSink>(ControlCode code, int reason, long argument0, long argument1, long timeNs, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        FeedKind feed = _protocol.Feed;
        ref MarketEvent e = ref sink.ClaimControl();
        e.Header.Kind = EventKind.Control;
        e.Header.Feed = feed;
        e.Header.Flags = EventFlags.ExchangeTimeFromReceive;
        e.Header.SessionId = _options.SessionId;
        e.Header.PriceDecimals = 0;
        e.Header.QuantityDecimals = 0;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs;
        e.Control.Code = code;
        e.Control.Reason = reason;
        e.Control.Argument0 = argument0;
        e.Control.Argument1 = argument1;
        return ref e;
    }
}
