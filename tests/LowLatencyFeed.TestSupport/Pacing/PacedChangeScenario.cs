using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Transport;

namespace LowLatencyFeed.TestSupport.Pacing;

/// <summary>
/// The paced-subscription scenario the Transport and Host tests share (Binance/README.md §2, §16): <see cref="Changes"/>
/// are made while the clock stands still, then the clock moves in <see cref="BinanceStreamLimits.MinControlMessageInterval"/>
/// steps, each only once the session waits for the clock and the simulator has handled every control message it was
/// sent (<see cref="SimulatorConnection.ClientMessages"/> lists a message once handled) — so no verdict depends on how
/// loaded the machine is. Failures throw with what the simulator streams and what was sent.
/// </summary>
public sealed class PacedChangeScenario
{
    /// <summary>Twenty changes, one instrument each: (index into three instruments, mode), or (index, null) to unsubscribe it.</summary>
    public static readonly (int Instrument, SubscriptionMode? Mode)[] Changes =
    [
        (1, SubscriptionMode.Quote), (2, SubscriptionMode.Quote), (0, SubscriptionMode.Full), (1, SubscriptionMode.Ltp), (2, null),
        (2, SubscriptionMode.Full), (0, null), (1, SubscriptionMode.Full), (0, SubscriptionMode.Ltp), (2, SubscriptionMode.Quote),
        (1, null), (0, SubscriptionMode.Quote), (1, SubscriptionMode.Quote), (2, null), (0, SubscriptionMode.Full),
        (2, SubscriptionMode.Ltp), (1, SubscriptionMode.Full), (0, null), (0, SubscriptionMode.Quote), (2, SubscriptionMode.Full),
    ];

    /// <summary>Clock steps after the final list streams during which nothing more may go out.</summary>
    private const int QuietSteps = 8;

    /// <summary>Clock steps before the changes must all have taken effect (100 s of manual time).</summary>
    private const int MaxSteps = 400;

    private readonly ManualClock _clock;
    private readonly SimulatorConnection _connection;
    private readonly FeedSession _session;
    private readonly Func<Func<bool>, string, Task> _waitUntil;

    /// <param name="clock">The clock the session's pacing and the simulator's limit both read.</param>
    /// <param name="connection">The simulator's side of the session's connection.</param>
    /// <param name="session">The paced session.</param>
    /// <param name="waitUntil">The test project's wait (condition, what), with its generous deadline.</param>
    public PacedChangeScenario(ManualClock clock, SimulatorConnection connection, FeedSession session, Func<Func<bool>, string, Task> waitUntil)
    {
        _clock = clock;
        _connection = connection;
        _session = session;
        _waitUntil = waitUntil;
    }

    /// <summary>Applies one change to <paramref name="current"/> (token to mode): a mode sets it, null removes the token.</summary>
    public static void Apply(IDictionary<long, SubscriptionMode> current, long token, SubscriptionMode? mode)
    {
        if (mode is SubscriptionMode set)
        {
            current[token] = set;
        }
        else
        {
            current.Remove(token);
        }
    }

    /// <summary>Whether the simulator streams exactly <paramref name="expected"/> (Binance modes as the simulator sees them).</summary>
    public bool StreamsExactly(IReadOnlyCollection<(long Token, SubscriptionMode Mode)> expected) =>
        _connection.Subscriptions.Snapshot(out _).Length == expected.Count
        && expected.All(e => _connection.Subscriptions.TryGetMode(e.Token, out SubscriptionMode mode) && mode == e.Mode);

    /// <summary>Waits until the simulator has received every control message the session sent.</summary>
    public Task WaitForSimulatorAsync() =>
        _waitUntil(() => _connection.ClientMessages.Count == _session.Statistics.ControlMessagesSent, "the simulator has every message sent");

    /// <summary>
    /// Moves the clock until the simulator streams <paramref name="final"/>, then <see cref="QuietSteps"/> steps more,
    /// and checks that nothing more went out, the final list still streams, the changes went out merged (fewer change
    /// messages than <see cref="Changes"/>; the connect's SUBSCRIBE is the one more) and the simulator saw no violation
    /// and did not end the connection. Returns the control messages sent.
    /// </summary>
    public async Task<long> SettleAsync(IReadOnlyCollection<(long Token, SubscriptionMode Mode)> final)
    {
        for (int step = 0; ; step++)
        {
            // The clock moves only while the session waits for it — a message the pacer holds back has a timer on it —
            // and the simulator has handled all it was sent; otherwise a starved decode loop would see the clock race
            // past and the step bound would measure the machine's load instead.
            await _waitUntil(
                () => _connection.ClientMessages.Count == _session.Statistics.ControlMessagesSent && (StreamsExactly(final) || _clock.PendingTimers > 0),
                "the simulator streams the final list, or the session waits for the clock with every message it sent handled").ConfigureAwait(false);
            if (StreamsExactly(final))
            {
                break;
            }

            Check(step < MaxSteps, "the changes never all took effect");
            _clock.Advance(BinanceStreamLimits.MinControlMessageInterval);
        }

        long sent = _session.Statistics.ControlMessagesSent;
        for (int i = 0; i < QuietSteps; i++)
        {
            _clock.Advance(BinanceStreamLimits.MinControlMessageInterval);
            await WaitForSimulatorAsync().ConfigureAwait(false);
        }

        Check(_session.Statistics.ControlMessagesSent == sent, $"{_session.Statistics.ControlMessagesSent - sent} messages after the final list streamed");
        Check(StreamsExactly(final), "the final list no longer streams");
        Check(sent - 1 < Changes.Length, $"{sent - 1} change messages for {Changes.Length} changes: not merged");
        Check(_connection.ClientMessageLimitViolations == 0, $"{_connection.ClientMessageLimitViolations} violations of the broker's message limit");
        Check(_connection.EndReason is null, $"the simulator ended the connection: {_connection.EndReason}");
        return sent;
    }

    private void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(
                $"{what}: the simulator streams {string.Join(", ", _connection.Subscriptions.Snapshot(out _).Select(s => $"{s.Token} {s.Mode}"))}; "
                + $"{_session.Statistics.ControlMessagesSent} sent, {_session.Statistics.ControlMessagesDeferred} deferred: "
                + string.Join(" | ", _connection.ClientMessages.Select(m => m.Text)));
        }
    }
}
