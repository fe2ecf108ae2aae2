using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Simulator;

/// <summary>The broker's limit on incoming client messages per connection (<see cref="ISimulatedClientMessageLimit"/>).</summary>
public sealed partial class SimulatorConnection
{
    private static readonly TimeSpan s_clientMessageWindow = TimeSpan.FromSeconds(1);

    // Arrival times of the latest client messages, a ring of the limit's size; receive loop only.
    private DateTimeOffset[] _clientMessageTimes = [];
    private int _clientMessageOldest;
    private int _clientMessageCount;
    private long _clientMessageLimitViolations;
    private volatile string? _policyClose;

    /// <summary>
    /// Times the client sent more messages in one second than the broker allows (<see cref="ISimulatedClientMessageLimit"/>);
    /// the connection was closed (1008, policy violation) at the first.
    /// </summary>
    public long ClientMessageLimitViolations => Volatile.Read(ref _clientMessageLimitViolations);

    /// <summary>
    /// Receive loop, for every client message: true when it exceeds the feed's limit — the message is not handled and
    /// the connection closes as the broker's does.
    /// </summary>
    private bool ExceedsClientMessageLimit()
    {
        if (_session is not ISimulatedClientMessageLimit { MaxClientMessagesPerSecond: > 0 and int limit })
        {
            return false;
        }

        if (_clientMessageTimes.Length != limit)
        {
            _clientMessageTimes = new DateTimeOffset[limit];
        }

        DateTimeOffset now = _options.ClientMessageClock.GetUtcNow();
        if (_clientMessageCount == limit && now - _clientMessageTimes[_clientMessageOldest] < s_clientMessageWindow)
        {
            Interlocked.Increment(ref _clientMessageLimitViolations);
            string reason = $"more than {limit} client messages in one second";
            _endReason ??= reason + " (the broker's limit)";
            _logger.LogWarning("Simulator connection {Id} ({Path}): the client sent {Reason}; closing it as the broker does", Id, Path, reason);
            EndForPolicy(reason);
            return true;
        }

        if (_clientMessageCount < limit)
        {
            _clientMessageTimes[(_clientMessageOldest + _clientMessageCount) % limit] = now;
            _clientMessageCount++;
        }
        else
        {
            _clientMessageTimes[_clientMessageOldest] = now;
            _clientMessageOldest = (_clientMessageOldest + 1) % limit;
        }

        return false;
    }

    /// <summary>Ends the connection for a broker rule: the send loop stops and the socket closes with 1008 and <paramref name="reason"/>.</summary>
    private void EndForPolicy(string reason)
    {
        _policyClose ??= reason;
        _policyEnded.Cancel();
    }
}
