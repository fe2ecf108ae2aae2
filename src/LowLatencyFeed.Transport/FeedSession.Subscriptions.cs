using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.WebSockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Subscription changes on the live connection. A caller hands a new subscription list to a small bounded queue and
/// wakes the decode loop (<see cref="PipeReader.CancelPendingRead"/>); the decode loop — the only thread that sends on
/// the socket after the connect, and the sink's only producer — drains it between messages: it swaps the list and
/// publishes one control event per changed instrument (<see cref="ControlCode.InstrumentSubscribed"/>,
/// <see cref="ControlCode.InstrumentUnsubscribed"/>, <see cref="ControlCode.InstrumentModeChanged"/>), then asks the
/// protocol for the subscribe/unsubscribe/mode messages that take the connection from what it was last sent to the
/// current list and sends them — at most <see cref="FeedSessionOptions.ControlMessageLimit"/> per window when the broker
/// limits incoming messages: the rest wait on that connection, and changes made meanwhile are merged into the next
/// messages built. A connection that subscribed an older list (it connected while a change was applied) is brought up
/// to date when its Connected record is decoded. Nothing here runs per market message.
/// </summary>
public sealed partial class FeedSession
{
    /// <summary>Most changes waiting for the decode loop; callers beyond it are refused (they retry).</summary>
    public const int MaxQueuedChanges = 16;

    private readonly ISubscriptionChangeProtocol? _changer;
    private readonly ConcurrentQueue<QueuedChange> _changes = new();
    private readonly Lock _offlineGate = new();
    private PipeReader? _decodeReader;
    private int _queuedChanges;
    private bool _resyncPending;
    private bool _controlDue;
    private ITimer? _controlWake;

    /// <summary>The instruments this session subscribes now (after every change handed to it so far was applied).</summary>
    public IReadOnlyList<Subscription> Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Whether the protocol can change subscriptions on a live connection (<see cref="ISubscriptionChangeProtocol"/>).</summary>
    public bool CanChangeSubscriptions => _changer is not null;

    /// <summary>
    /// Replaces the subscription list with <paramref name="next"/> on the live connection, with the protocol's own
    /// messages; completes once the decode loop applied the change and sent them — or, under
    /// <see cref="FeedSessionOptions.ControlMessageLimit"/>, queued what the limit holds back on that connection — or,
    /// with no connection open, once the list is updated for the next connect. Never blocks the decode loop or the ring:
    /// the request waits in a bounded queue, and never for the pacing.
    /// </summary>
    /// <exception cref="NotSupportedException">The protocol cannot change subscriptions on a live connection.</exception>
    /// <exception cref="InvalidOperationException"><see cref="MaxQueuedChanges"/> changes are waiting already.</exception>
    public Task<SubscriptionChangeOutcome> ChangeSubscriptionsAsync(IReadOnlyList<Subscription> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_changer is null)
        {
            throw new NotSupportedException($"{_options.Name}: the {_protocol.Feed} protocol of this session cannot change subscriptions on a live connection.");
        }

        if (Interlocked.Increment(ref _queuedChanges) > MaxQueuedChanges)
        {
            Interlocked.Decrement(ref _queuedChanges);
            throw new InvalidOperationException($"{_options.Name}: {MaxQueuedChanges} subscription changes are waiting already; retry later.");
        }

        var change = new QueuedChange(next.ToArray());
        _changes.Enqueue(change);
        // The decode loop may have ended between the read and the wake-up: then nobody else drains the queue.
        if (!WakeDecodeLoop() || Volatile.Read(ref _decodeReader) is null)
        {
            ApplyQueuedChangesOffline();
        }

        return change.Done.Task;
    }

    /// <summary>
    /// Decode loop: applies every queued change in order — swaps the list and publishes the control events — and returns
    /// the changes for <see cref="CompleteChanges"/>; their messages go out through <see cref="FlushControlAsync"/>.
    /// </summary>
    private List<(QueuedChange Change, ReplyTarget? Target)> TakeChanges<TSink>(ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        var taken = new List<(QueuedChange, ReplyTarget?)>();
        while (_changes.TryDequeue(out QueuedChange? change))
        {
            Interlocked.Decrement(ref _queuedChanges);
            IReadOnlyList<Subscription> before = Volatile.Read(ref _subscriptions);
            SubscriptionDiff diff = SubscriptionDiff.Compute(before, change.Next);
            Volatile.Write(ref _subscriptions, change.Next);
            PublishChangeEvents(diff, change.Next.Count, ref sink);
            if (diff.IsEmpty)
            {
                change.Done.TrySetResult(SubscriptionChangeOutcome.Unchanged);
            }
            else
            {
                taken.Add((change, LiveTarget()));
            }
        }

        return taken;
    }

    /// <summary>
    /// Decode loop, after <see cref="FlushControlAsync"/>: a change taken while a connection was live is
    /// <see cref="SubscriptionChangeOutcome.Sent"/> — its messages went out, or wait in that connection's paced queue —
    /// unless a send on that connection failed (it is going away; the next connect subscribes the list).
    /// </summary>
    private static void CompleteChanges(List<(QueuedChange Change, ReplyTarget? Target)> taken)
    {
        foreach ((QueuedChange change, ReplyTarget? target) in taken)
        {
            change.Done.TrySetResult(target is not null && !target.SendFailed ? SubscriptionChangeOutcome.Sent : SubscriptionChangeOutcome.Pending);
        }
    }

    /// <summary>The connection being decoded, when it can still be sent on; decode loop only.</summary>
    private ReplyTarget? LiveTarget()
    {
        ReplyTarget? target = Volatile.Read(ref _replyTarget);
        return target is not null && target.Connection == _decodingConnection && !target.SendFailed ? target : null;
    }

    /// <summary>
    /// Decode loop: brings the live connection up to the current list. Messages still queued from an earlier change go
    /// first; when none are, the protocol builds the messages from what the connection was last sent to the current
    /// list — every change made since, merged. Each message waits for room under the connection's
    /// <see cref="ControlMessagePacer"/>; when there is none, a timer on <see cref="FeedSessionOptions.ControlClock"/>
    /// wakes the loop when there will be, and decoding goes on meanwhile.
    /// </summary>
    private async ValueTask FlushControlAsync()
    {
        Volatile.Write(ref _controlDue, false);
        ReplyTarget? target = LiveTarget();
        if (target is null)
        {
            return;
        }

        while (true)
        {
            if (target.Outbox.Count == 0)
            {
                IReadOnlyList<Subscription> current = Volatile.Read(ref _subscriptions);
                if (ReferenceEquals(target.Known, current))
                {
                    return;
                }

                foreach (OutgoingMessage built in _changer!.BuildChangeMessages(target.Known, current))
                {
                    target.Outbox.Enqueue(built);
                }

                target.Known = current;
                if (target.Outbox.Count == 0)
                {
                    return;
                }
            }

            if (target.Pacer is { } pacer)
            {
                DateTimeOffset now = _options.ControlClock.GetUtcNow();
                TimeSpan wait = pacer.DelayAt(now);
                if (wait > TimeSpan.Zero)
                {
                    Statistics.CountControlMessageDeferred();
                    WakeAfter(wait);
                    return;
                }

                pacer.Record(now);
            }

            OutgoingMessage message = target.Outbox.Dequeue();
            try
            {
                WebSocketMessageType type = message.Kind == MessageKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                await target.Socket.SendAsync(message.Payload, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                Statistics.CountControlMessageSent();
            }
            catch (Exception)
            {
                // The connection is going away; the next one subscribes the current list.
                target.SendFailed = true;
                target.Outbox.Clear();
                return;
            }
        }
    }

    /// <summary>Decode loop: has the loop woken after <paramref name="wait"/> to send what the pacer held back.</summary>
    private void WakeAfter(TimeSpan wait)
    {
        _controlWake ??= _options.ControlClock.CreateTimer(static state => ((FeedSession)state!).WakeForControl(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _controlWake.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Timer: the pacer has room again; the decode loop flushes before decoding on.</summary>
    private void WakeForControl()
    {
        Volatile.Write(ref _controlDue, true);
        WakeDecodeLoop();
    }

    /// <summary>Interrupts the decode loop's read so it handles queued changes (or paced messages) first.</summary>
    private bool WakeDecodeLoop()
    {
        PipeReader? reader = Volatile.Read(ref _decodeReader);
        if (reader is null)
        {
            return false;
        }

        try
        {
            reader.CancelPendingRead();
        }
        catch (InvalidOperationException)
        {
            // The reader completed a moment ago; the caller's check finds the loop gone.
        }

        return true;
    }

    private void PublishChangeEvents<TSink>(SubscriptionDiff diff, int count, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        long now = _clock.UnixNanoseconds();
        foreach (Subscription s in diff.Removed)
        {
            PublishInstrumentControl(ControlCode.InstrumentUnsubscribed, s, -1, count, now, ref sink);
        }

        foreach ((Subscription before, Subscription after) in diff.ModeChanged)
        {
            PublishInstrumentControl(ControlCode.InstrumentModeChanged, after, (long)before.Mode, count, now, ref sink);
        }

        foreach (Subscription s in diff.Added)
        {
            PublishInstrumentControl(ControlCode.InstrumentSubscribed, s, -1, count, now, ref sink);
        }
    }

    private void PublishInstrumentControl<TSink>(ControlCode code, Subscription subscription, long previousMode, int count, long timeNs, ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        ref MarketEvent e = ref ClaimControl(code, (int)subscription.Mode, previousMode, count, timeNs, ref sink);
        e.Header.Instrument = subscription.Instrument;
        e.Header.PriceDecimals = subscription.PriceDecimals;
        e.Header.QuantityDecimals = subscription.QuantityDecimals;
        sink.PublishControl();
    }

    /// <summary>No decode loop runs: queued changes only update the list the next run subscribes.</summary>
    private void ApplyQueuedChangesOffline()
    {
        lock (_offlineGate)
        {
            while (_changes.TryDequeue(out QueuedChange? change))
            {
                Interlocked.Decrement(ref _queuedChanges);
                bool same = SubscriptionDiff.Compute(Volatile.Read(ref _subscriptions), change.Next).IsEmpty;
                Volatile.Write(ref _subscriptions, change.Next);
                change.Done.TrySetResult(same ? SubscriptionChangeOutcome.Unchanged : SubscriptionChangeOutcome.Pending);
            }
        }
    }

    private sealed class QueuedChange(IReadOnlyList<Subscription> next)
    {
        public IReadOnlyList<Subscription> Next { get; } = next;

        public TaskCompletionSource<SubscriptionChangeOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
