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

    private const int KindSlots = 4;

    private readonly SimulatedSendSchedule _schedule;
    private readonly MonotonicClock _clock;
    private readonly long[] _seen;
    private long _events;
    private long _unmatched;

    /// <summary>A probe stamping from <paramref name="schedule"/> on <paramref name="clock"/> (the engine's receive clock).</summary>
    public EndToEndProbe(SimulatedSendSchedule schedule, MonotonicClock clock)
    {
        _schedule = schedule;
        _clock = clock;
        _seen = new long[schedule.Count * KindSlots];
    }

    /// <summary>Scheduled send → last stage, ns.</summary>
    public LongHistogram SendToStage { get; } = new(HighestTrackableNs, 3);

    /// <summary>Frame receive → last stage, ns.</summary>
    public LongHistogram ReceiveToStage { get; } = new(HighestTrackableNs, 3);

    /// <summary>Market events seen (ticks, quotes, depth).</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Market events with no scheduled time (an instrument or a kind the table does not know, or past its end).</summary>
    public long Unmatched => Volatile.Read(ref _unmatched);

    /// <inheritdoc />
    public void OnStaged(ref MarketEvent data, long sequence)
    {
        int slot = SlotOf(ref data);
        if (slot < 0)
        {
            return;
        }

        long now = _clock.UnixNanoseconds();
        ReceiveToStage.RecordValue(Clamp(now - data.Header.ReceiveTimeNs));
        int instrument = _schedule.IndexOf(data.Header.Instrument);
        if (instrument >= 0)
        {
            ref long seen = ref _seen[(instrument * KindSlots) + slot];
            if (_schedule.TryGetScheduled(instrument, seen, out long scheduledNs))
            {
                SendToStage.RecordValue(Clamp(now - scheduledNs));
            }
            else
            {
                _unmatched++;
            }

            seen++;
        }
        else
        {
            _unmatched++;
        }

        Volatile.Write(ref _events, _events + 1);
    }

    /// <summary>Events of <paramref name="kind"/> of instrument <paramref name="index"/> seen (for the count check).</summary>
    public long Seen(int index, EventKind kind) => _seen[(index * KindSlots) + (kind == EventKind.Depth ? 1 : kind == EventKind.Quote ? 2 : 0)];

    /// <summary>
    /// Which per-instrument counter an event advances: every update yields one tick (and in full mode one depth), so
    /// the n-th of a kind is the n-th update. -1 for events that are not one update's: control and clock events, and
    /// Dhan's once-per-instrument previous-close packet (a tick with only the close).
    /// </summary>
    internal static int SlotOf(ref MarketEvent data) => data.Header.Kind switch
    {
        EventKind.Tick => data.Tick.Fields == TickFields.Close ? -1 : 0,
        EventKind.Depth => 1,
        EventKind.Quote => 2,
        _ => -1,
    };

    /// <summary>Latency as recorded: negative (clock skew across cores is sub-µs) as 0, beyond the range as its top.</summary>
    internal static long Clamp(long latencyNs) => latencyNs < 0 ? 0 : Math.Min(latencyNs, HighestTrackableNs);
}
