using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport;

/// <summary>
/// Replies a protocol must send mid-stream (<see cref="IFeedReplySource"/>, e.g. Kotak HSM ACKs). The decode loop takes
/// a reply right after the Decode that produced it, copies it into a preallocated buffer, stops the batch there and
/// sends it before decoding the next message — in order, every one — on the connection the decoded message came from,
/// or not at all when that connection has ended. Sends happen only between the subscription messages being sent and
/// the connection's receive loop ending, and the decode loop awaits each, so at most one is in flight per socket.
/// </summary>
public sealed partial class FeedSession
{
    private readonly IFeedReplySource? _replySource;
    private byte[] _replyBuffer = new byte[64];
    private int _replyLength;
    private MessageKind _replyKind;
    private bool _replyPending;

    // The connection whose records the decode loop is reading (from its Connected record); decode loop only.
    private long _decodingConnection;

    // The connection replies may be sent on: set by the connection loop once subscribed, cleared when it ends.
    private ReplyTarget? _replyTarget;

    /// <summary>Decode loop: copies the reply the last Decode produced, if any.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TakeReply(IFeedReplySource source)
    {
        if (!source.TryTakeReply(out OutgoingMessage reply))
        {
            return;
        }

        ReadOnlySpan<byte> payload = reply.Payload.Span;
        if (payload.Length > _replyBuffer.Length)
        {
            _replyBuffer = new byte[Math.Max(payload.Length, _replyBuffer.Length * 2)];
        }

        payload.CopyTo(_replyBuffer);
        _replyLength = payload.Length;
        _replyKind = reply.Kind;
        _replyPending = true;
    }

    /// <summary>Decode loop, between batches: sends the pending reply on its connection, or drops it when that connection is gone.</summary>
    private async ValueTask SendReplyAsync()
    {
        _replyPending = false;
        ReplyTarget? target = Volatile.Read(ref _replyTarget);
        if (target is null || target.Connection != _decodingConnection)
        {
            Statistics.CountReplyDropped();
            return;
        }

        try
        {
            WebSocketMessageType type = _replyKind == MessageKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            await target.Socket.SendAsync(_replyBuffer.AsMemory(0, _replyLength), type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            Statistics.CountReplySent();
        }
        catch (Exception)
        {
            // The connection is going away; its receive loop reports why and the next connection starts over.
            Statistics.CountReplyDropped();
        }
    }

    /// <summary>Decode loop: a new connection's records follow; a reply still pending belongs to the previous one.</summary>
    private void OnDecodingConnection(long connection)
    {
        _decodingConnection = connection;
        if (_replyPending)
        {
            _replyPending = false;
            Statistics.CountReplyDropped();
        }
    }

    /// <summary>
    /// Connection loop: replies and subscription changes may now go to <paramref name="socket"/> (null: to no
    /// connection), which was subscribed to <paramref name="subscriptions"/>.
    /// </summary>
    private void SetReplyTarget(ClientWebSocket? socket, long connection, IReadOnlyList<Subscription> subscriptions, ControlMessagePacer? pacer)
    {
        if (_replySource is not null || _changer is not null)
        {
            Volatile.Write(ref _replyTarget, socket is null ? null : new ReplyTarget(socket, connection, pacer) { Known = subscriptions });
        }
    }

    /// <summary>
    /// A connection the decode loop may send on, with the subscriptions it has been sent (messages built for them may
    /// still wait in <see cref="Outbox"/>) and the pacer of its control messages; decode loop only after creation.
    /// </summary>
    private sealed record ReplyTarget(ClientWebSocket Socket, long Connection, ControlMessagePacer? Pacer)
    {
        public IReadOnlyList<Subscription> Known { get; set; } = [];

        /// <summary>Change messages built but held back by <see cref="Pacer"/>, in order.</summary>
        public Queue<OutgoingMessage> Outbox { get; } = new();

        /// <summary>A send on this connection failed: it is going away, nothing more is sent on it.</summary>
        public bool SendFailed { get; set; }
    }
}
