using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Kotak;
using Microsoft.Extensions.Logging;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// One HSM connection. The connect request (token, sid and source all present) is answered K with the feed's ACK
/// interval; subscribe/unsubscribe requests get a status response (N before a successful connect, for more than 100
/// scrips, a channel outside 1–16, or more than 200 tokens on a channel / 3000 in all). Each update becomes records in
/// one data frame: a SNAP the first time a topic streams, then UPDATEs with only the fields that changed. Index topics
/// carry the index tick, scrip topics the tick and best bid/ask, depth topics the 5 + 5 book. Prices are sent as
/// raw × multiplier × 10^precision with multiplier 1 and precision = the instrument's decimals, except currency
/// segments (multiplier 100, precision decimals − 2), so every price decodes exactly.
/// </summary>
/// <remarks>
/// The events reported through <see cref="SimulatedFrameWriter.Sent"/> are derived from the values this session has
/// sent, with the merge rules a correct client applies (<see cref="KotakHsmSentEvents"/>). The real server's answer to
/// a malformed request is undocumented; this one logs it and, when the request type is known, answers N. This file holds
/// the connection (requests, subscriptions, ACKs, replies); the data frames are in <c>KotakHsmSimulatedSession.Encoding.cs</c>.
/// </remarks>
internal sealed partial class KotakHsmSimulatedSession : ISimulatedFeedSession, ISimulatedFaultWriter
{
    private const int MaxFrameBytes = ushort.MaxValue + 2;

    private readonly SimulatedSessionContext _context;
    private readonly KotakHsmSimulatedFeed _feed;
    private readonly Dictionary<(long Token, KotakHsmTopicKind Kind), KotakHsmSimulatedTopic> _topics = [];
    private readonly int[] _channelTokens = new int[L.LastChannel + 1];
    private readonly int[] _values = new int[L.MaxFields];
    private readonly int[] _update = new int[L.MaxFields];
    private int _nextTopicId;
    private bool _connected;
    private int _ackInterval;
    private int _messageNumber;
    private int _nextAckDue;

    public KotakHsmSimulatedSession(SimulatedSessionContext context, KotakHsmSimulatedFeed feed)
    {
        _context = context;
        _feed = feed;

        // Topic ids differ per connection, as a real server's would, so a client must rebuild its cache on reconnect.
        _nextTopicId = 1000 + (context.ConnectionId * 1000);
    }

    /// <inheritdoc />
    public int MaxUpdatesPerFrame => 128;

    /// <inheritdoc />
    public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
    }

    /// <inheritdoc />
    public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies)
    {
        if (kind != MessageKind.Binary)
        {
            Warn($"ignored a {message.Length}-byte text message (HSM requests are binary)");
            return;
        }

        if (!KotakHsmSimulatedRequest.TryParse(message, out KotakHsmMessageType type, out List<(byte Id, byte[] Value)> fields, out string? problem))
        {
            Warn($"rejected a {message.Length}-byte request: {problem}");
            if (type is KotakHsmMessageType.Connect)
            {
                WriteConnectResponse(replies, ok: false);
            }
            else if (type is KotakHsmMessageType.Subscribe or KotakHsmMessageType.Unsubscribe)
            {
                WriteStatus(replies, type, ok: false);
            }

            return;
        }

        switch (type)
        {
            case KotakHsmMessageType.Connect:
                // The credentials are checked for presence only and never logged.
                _connected = fields.Count == 3 && KotakHsmSimulatedRequest.Field(fields, 1).Length > 0 && KotakHsmSimulatedRequest.Field(fields, 2).Length > 0 && KotakHsmSimulatedRequest.Field(fields, 3).Length > 0;
                if (!_connected)
                {
                    Warn("rejected a connect request without access token, sid and source");
                }
                else
                {
                    // The JWT and sid are checked here, not at the handshake: an expired or revoked one ends the connection.
                    string accessToken = System.Text.Encoding.UTF8.GetString(KotakHsmSimulatedRequest.Field(fields, 1));
                    string sid = System.Text.Encoding.UTF8.GetString(KotakHsmSimulatedRequest.Field(fields, 2));
                    _context.PresentToken(accessToken);
                    _context.PresentToken(sid);
                    if (_context.IsTokenRevoked(accessToken) || _context.IsTokenRevoked(sid))
                    {
                        _context.RefuseToken(Rest.SimulatedTokenRefusal.KotakRefusedCloseText);
                        return;
                    }
                }

                _ackInterval = _connected ? _feed.AckInterval : 0;
                _messageNumber = 0;
                _nextAckDue = _ackInterval;
                WriteConnectResponse(replies, _connected);
                break;
            case KotakHsmMessageType.Subscribe:
            case KotakHsmMessageType.Unsubscribe:
                WriteStatus(replies, type, Subscribe(type == KotakHsmMessageType.Subscribe, fields, subscriptions));
                break;
            case KotakHsmMessageType.Ack:
                OnAck(KotakHsmSimulatedRequest.Field(fields, 1));
                break;
            case KotakHsmMessageType.ChannelPause:
            case KotakHsmMessageType.ChannelResume:
                WriteStatus(replies, type, _connected);
                break;
            case KotakHsmMessageType.Snapshot:
                Warn("one-shot snapshots are not simulated; answered N");
                WriteStatus(replies, type, ok: false);
                break;
            default:
                Warn($"ignored a request of type {type}");
                break;
        }
    }

    /// <inheritdoc />
    public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => false;

    private bool Subscribe(bool subscribe, List<(byte Id, byte[] Value)> fields, SimulatedSubscriptions subscriptions)
    {
        byte[] list = KotakHsmSimulatedRequest.Field(fields, 1);
        byte[] channelField = KotakHsmSimulatedRequest.Field(fields, 2);
        if (!_connected)
        {
            Warn("rejected a subscription request before a successful connect");
            return false;
        }

        if (channelField.Length != 1 || channelField[0] is < 1 or > L.LastChannel || !KotakHsmSimulatedRequest.TryParseScrips(list, out List<string>? names))
        {
            Warn("rejected a subscription request with a malformed scrip list or channel");
            return false;
        }

        if (names.Count > L.MaxScripsPerRequest)
        {
            Warn($"rejected a request for {names.Count} scrips (at most {L.MaxScripsPerRequest})");
            return false;
        }

        byte channel = channelField[0];
        var resolved = new List<(long Token, KotakHsmTopicKind Kind, string Name)>();
        foreach (string name in names)
        {
            KotakHsmTopicKind kind = KotakHsmTopics.KindOf(Encoding.ASCII.GetBytes(name));
            if (kind == KotakHsmTopicKind.None || !TryToken(name[3..], out long token))
            {
                Warn($"'{name}' names no simulated instrument");
                continue;
            }

            resolved.Add((token, kind, name));
        }

        if (subscribe)
        {
            int added = resolved.Count(r => !_topics.ContainsKey((r.Token, r.Kind)));
            if (_channelTokens[channel] + added > L.MaxTokensPerChannel || _topics.Count + added > L.MaxTokens)
            {
                Warn($"rejected {added} new topic(s) on channel {channel}: at most {L.MaxTokensPerChannel} per channel and {L.MaxTokens} in all");
                return false;
            }
        }

        foreach ((long token, KotakHsmTopicKind kind, string name) in resolved)
        {
            if (subscribe && !_topics.ContainsKey((token, kind)))
            {
                _topics[(token, kind)] = new KotakHsmSimulatedTopic(_nextTopicId++, kind, channel, name);
                _channelTokens[channel]++;
            }
            else if (!subscribe && _topics.Remove((token, kind), out KotakHsmSimulatedTopic? removed))
            {
                _channelTokens[removed.Channel]--;
            }

            bool scrip = _topics.ContainsKey((token, KotakHsmTopicKind.Scrip)) || _topics.ContainsKey((token, KotakHsmTopicKind.Index));
            bool depth = _topics.ContainsKey((token, KotakHsmTopicKind.Depth));
            if (scrip || depth)
            {
                subscriptions.Set(token, depth ? SubscriptionMode.Full : SubscriptionMode.Quote);
            }
            else
            {
                subscriptions.Remove(token);
            }
        }

        return true;
    }

    /// <summary>An ACK must name every <c>AckInterval</c>-th message number in turn; skipped ones are missing, others unexpected.</summary>
    private void OnAck(byte[] field)
    {
        if (field.Length != sizeof(int) || _ackInterval <= 0)
        {
            _feed.CountUnexpectedAck();
            Warn("received an ACK that was not requested or is malformed");
            return;
        }

        int number = BinaryPrimitives.ReadInt32BigEndian(field);
        if (number < _nextAckDue || number > _messageNumber || number % _ackInterval != 0)
        {
            _feed.CountUnexpectedAck();
            Warn($"received an ACK for message {number}; expected {_nextAckDue} (sent {_messageNumber})");
            return;
        }

        if (number > _nextAckDue)
        {
            _feed.CountMissingAcks((number - _nextAckDue) / _ackInterval);
            Warn($"ACKs for messages {_nextAckDue}..{number - _ackInterval} never arrived");
        }

        _feed.CountAck();
        _nextAckDue = number + _ackInterval;
    }

    /// <summary>A scrip (<c>segment|token</c>) → simulated token: by the instrument's scrip, else the numeric token part.</summary>
    private bool TryToken(string scrip, out long token)
    {
        foreach (SimulatedInstrument instrument in _context.Instruments)
        {
            if (string.Equals(Scrip(instrument), scrip, StringComparison.OrdinalIgnoreCase))
            {
                token = instrument.Token;
                return true;
            }
        }

        int bar = scrip.IndexOf('|', StringComparison.Ordinal);
        if (long.TryParse(bar >= 0 ? scrip[(bar + 1)..] : scrip, NumberStyles.None, CultureInfo.InvariantCulture, out token))
        {
            foreach (SimulatedInstrument instrument in _context.Instruments)
            {
                if (instrument.Token == token)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void WriteConnectResponse(SimulatedFrameWriter replies, bool ok)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        output.Advance(KotakHsmEncoder.WriteConnectResponse(output.GetSpan(32), ok, ok ? _ackInterval : 0));
        replies.EndFrame();
    }

    private static void WriteStatus(SimulatedFrameWriter replies, KotakHsmMessageType type, bool ok)
    {
        IBufferWriter<byte> output = replies.BeginFrame(MessageKind.Binary);
        output.Advance(KotakHsmEncoder.WriteStatusResponse(output.GetSpan(16), type, ok));
        replies.EndFrame();
    }

    private void Warn(string what) =>
        _context.Logger.LogWarning("Kotak HSM simulator connection {Id}: {What}", _context.ConnectionId, what);
}
