using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.WebSockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Subscription changes on the live connection. A caller hands a new subscription list to a small bounded queue and
/// wakes the decode loop (<see cref="PipeReader.CancelPendingRead"/>); the decode loop — the only thread that sends on
/// the socket after the connect, and the sink's only producer — drains it between messages: it swaps the list, asks the
/// protocol for its subscribe/unsubscribe/mode messages, sends them on the current connection and publishes one
/// control event per changed instrument (<see cref="ControlCode.InstrumentSubscribed"/>,
/// <see cref="ControlCode.InstrumentUnsubscribed"/>, <see cref="ControlCode.InstrumentModeChanged"/>). A connection
/// that subscribed an older list (it connected while a change was applied) is brought up to date when its Connected
/// record is decoded. Nothing here runs per market message.
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

    /// <summary>The instruments this session subscribes now (after every change handed to it so far was applied).</summary>
    public IReadOnlyList<Subscription> Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Whether the protocol can change subscriptions on a live connection (<see cref="ISubscriptionChangeProtocol"/>).</summary>
    public bool CanChangeSubscriptions => _changer is not null;

    /// <summary>
    /// Replaces the subscription list with <paramref name="next"/> on the live connection, with the protocol's own
    /// messages; completes once the decode loop sent them (or, with no connection open, once the list is updated for the
    /// next connect). Never blocks the decode loop or the ring: the request waits in a bounded queue.
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
        PipeReader? reader = Volatile.Read(ref _decodeReader);
        if (reader is null)
        {
            ApplyQueuedChangesOffline();
        }
        else
        {
            try
            {
                reader.CancelPendingRead();
            }
            catch (InvalidOperationException)
            {
                // The reader completed a moment ago; the check below finds the loop gone.
            }

            // The decode loop may have ended between the read and the wake-up: then nobody else drains the queue.
            if (Volatile.Read(ref _decodeReader) is null)
            {
                ApplyQueuedChangesOffline();
            }
        }

        return change.Done.Task;
    }

    /// <summary>
    /// Decode loop: applies every queued change in order — swaps the list, builds the messages, publishes the control
    /// events — and returns the sends for <see cref="SendChangesAsync"/>.
    /// </summary>
    private List<PendingSend> TakeChanges<TSink>(ref SessionSink<TSink> sink)
        where TSink : struct, IEventSink
    {
        var sends = new List<PendingSend>();
        while (_changes.TryDequeue(out QueuedChange? change))
        {
            Interlocked.Decrement(ref _queuedChanges);
            IReadOnlyList<Subscription> before = Volatile.Read(ref _subscriptions);
            SubscriptionDiff diff = SubscriptionDiff.Compute(before, change.Next);
            Volatile.Write(ref _subscriptions, change.Next);
            ReplyTarget? target = Volatile.Read(ref _replyTarget);
            if (target is not null && target.Connection != _decodingConnection)
            {
                target = null;
            }

            IReadOnlyList<OutgoingMessage> messages = [];
            if (target is not null)
            {
                messages = _changer!.BuildChangeMessages(target.Known, change.Next);
                target.Known = change.Next;
            }

            PublishChangeEvents(diff, change.Next.Count, ref sink);
            if (diff.IsEmpty)
            {
                change.Done.TrySetResult(SubscriptionChangeOutcome.Unchanged);
            }
            else
            {
                sends.Add(new PendingSend(change, messages, target));
            }
        }

        return sends;
    }

    /// <summary>Decode loop: sends the changes' messages, in order, and completes their callers.</summary>
    private async ValueTask SendChangesAsync(List<PendingSend> sends)
    {
        foreach ((QueuedChange change, IReadOnlyList<OutgoingMessage> messages, ReplyTarget? target) in sends)
        {
            bool sent = target is not null && await SendAllAsync(target.Socket, messages).ConfigureAwait(false);
            change.Done.TrySetResult(sent ? SubscriptionChangeOutcome.Sent : SubscriptionChangeOutcome.Pending);
        }
    }

    /// <summary>Decode loop, after a Connected record: sends what changed since that connection read its list.</summary>
    private async ValueTask ResyncConnectionAsync()
    {
        _resyncPending = false;
        ReplyTarget? target = Volatile.Read(ref _replyTarget);
        IReadOnlyList<Subscription> current = Volatile.Read(ref _subscriptions);
        if (target is null || target.Connection != _decodingConnection || ReferenceEquals(target.Known, current))
        {
            return;
        }

        IReadOnlyList<OutgoingMessage> messages = _changer!.BuildChangeMessages(target.Known, current);
        target.Known = current;
        await SendAllAsync(target.Socket, messages).ConfigureAwait(false);
    }

    private async ValueTask<bool> SendAllAsync(ClientWebSocket socket, IReadOnlyList<OutgoingMessage> messages)
    {
        try
        {
            foreach (OutgoingMessage message in messages)
            {
                WebSocketMessageType type = message.Kind == MessageKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                await socket.SendAsync(message.Payload, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception)
        {
            // The connection is going away; the next one subscribes the new list.
            return false;
        }
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

    private sealed record PendingSend(QueuedChange Change, IReadOnlyList<OutgoingMessage> Messages, ReplyTarget? Target);

    private sealed class QueuedChange(IReadOnlyList<Subscription> next)
    {
        public IReadOnlyList<Subscription> Next { get; } = next;

        public TaskCompletionSource<SubscriptionChangeOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
