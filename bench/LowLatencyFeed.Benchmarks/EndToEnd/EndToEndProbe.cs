using HdrHistogram;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Simulator.Stamping;

namespace LowLatencyFeed.Benchmarks.EndToEnd;

/// <summary>
/// The harness's probe on the engine's last stage (the database stager, after journal, bars and books): for every
/// market event, receive→stage (from the frame's receive stamp) and send→stage (from the simulator's scheduled send
/// time, so a stall anywhere — sender, socket, parser, ring — is counted: coordinated-omission corrected) into two
/// pre-sized HdrHistograms. Runs on the stager thread only and allocates nothing: the histograms and counters are
/// sized up front; the harness reads them after the engine stopped (or <see cref="Events"/> while it runs).
/// </summary>
public sealed class EndToEndProbe : IStageProbe
{
    /// <summary>Longest latency recorded as itself (60 s); longer ones are recorded as this.</summary>
    public const long HighestTrackableNs = 60_000_000_000;

    private readonly SimulatedSendMatcher _matcher;
    private readonly MonotonicClock _clock;
    private long _events;
    private long _unmatched;

    /// <summary>A probe stamping from <paramref name="schedule"/> on <paramref name="clock"/> (the engine's receive clock).</summary>
    public EndToEndProbe(SimulatedSendSchedule schedule, MonotonicClock clock)
    {
        _matcher = new SimulatedSendMatcher(schedule);
        _clock = clock;
    }

    /// <summary>Scheduled send → last stage, ns.</summary>
    public LongHistogram SendToStage { get; } = new(HighestTrackableNs, 3);

    /// <summary>Frame receive → last stage, ns.</summary>
    public LongHistogram ReceiveToStage { get; } = new(HighestTrackableNs, 3);

    /// <summary>Market events seen (ticks, quotes, depth).</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Market events with no scheduled time (an instrument the table does not know, or past its end).</summary>
    public long Unmatched => Volatile.Read(ref _unmatched);

    /// <inheritdoc />
    public void OnStaged(ref MarketEvent data, long sequence)
    {
        SendMatch match = _matcher.Match(in data, out long scheduledNs);
        if (match == SendMatch.NotAnUpdate)
        {
            return;
        }

        long now = _clock.UnixNanoseconds();
        ReceiveToStage.RecordValue(Clamp(now - data.Header.ReceiveTimeNs));
        if (match == SendMatch.Matched)
        {
            SendToStage.RecordValue(Clamp(now - scheduledNs));
        }
        else
        {
            _unmatched++;
        }

        Volatile.Write(ref _events, _events + 1);
    }

    /// <summary>Latency as recorded: negative (clock skew across cores is sub-µs) as 0, beyond the range as its top.</summary>
    internal static long Clamp(long latencyNs) => latencyNs < 0 ? 0 : Math.Min(latencyNs, HighestTrackableNs);
}
