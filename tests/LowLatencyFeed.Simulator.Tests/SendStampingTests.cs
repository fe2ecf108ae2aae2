using System.Diagnostics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator.Stamping;

namespace LowLatencyFeed.Simulator.Tests;

public sealed class SendStampingTests
{
    private static readonly SimulatedInstrument s_infy = new(408065, 157370);
    private static readonly SimulatedInstrument s_other = new(884737, 50000);
    private static readonly MonotonicClock s_clock = new(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));

    [Fact]
    public void Scheduled_time_is_on_the_rate_grid_however_late_the_sender_is()
    {
        long start = 1_000_000;
        long frequency = Stopwatch.Frequency;

        // 1,000 msgs/s: message 0 is due 1 ms after the start, message 9 10 ms after, whatever "now" is (a sender 5 s late).
        Assert.Equal(start + (frequency / 1000), PacedSchedule.ScheduledTimestamp(start, 0, 1000, now: start + (5 * frequency)));
        Assert.Equal(start + (frequency / 100), PacedSchedule.ScheduledTimestamp(start, 9, 1000, now: start + (5 * frequency)));

        // A late batch of three keeps its spacing of 1/rate: a stalled reader's time is counted, not forgiven.
        long first = PacedSchedule.ScheduledTimestamp(start, 100, 1000, now: long.MaxValue);
        long third = PacedSchedule.ScheduledTimestamp(start, 102, 1000, now: long.MaxValue);
        Assert.Equal(2 * frequency / 1000, third - first);

        // Unpaced there is no schedule: the time the batch was made.
        Assert.Equal(42, PacedSchedule.ScheduledTimestamp(start, 7, 0, now: 42));
    }

    [Fact]
    public void A_stamp_reads_back_per_instrument_in_send_order_as_unix_ns_on_the_clock()
    {
        var schedule = new SimulatedSendSchedule([Id(s_infy), Id(s_other)], capacityPerInstrument: 4, s_clock);
        long t0 = Stopwatch.GetTimestamp();
        schedule.OnScheduled(Update(s_infy), t0);
        schedule.OnScheduled(Update(s_other), t0 + 10);
        schedule.OnScheduled(Update(s_infy), t0 + 20);

        int infy = schedule.IndexOf(Id(s_infy));
        int other = schedule.IndexOf(Id(s_other));
        Assert.Equal(2, schedule.Sent(infy));
        Assert.Equal(1, schedule.Sent(other));
        Assert.True(schedule.TryGetScheduled(infy, 0, out long first));
        Assert.True(schedule.TryGetScheduled(infy, 1, out long second));
        Assert.True(schedule.TryGetScheduled(other, 0, out long otherFirst));
        Assert.Equal(s_clock.ToUnixNanoseconds(t0), first);
        Assert.Equal(s_clock.ToUnixNanoseconds(t0 + 20), second);
        Assert.Equal(s_clock.ToUnixNanoseconds(t0 + 10), otherFirst);
        Assert.False(schedule.TryGetScheduled(other, 1, out _));
        Assert.False(schedule.TryGetScheduled(infy, -1, out _));
    }

    [Fact]
    public void Updates_beyond_the_room_or_of_unknown_instruments_are_counted_not_stamped()
    {
        var schedule = new SimulatedSendSchedule([Id(s_infy)], capacityPerInstrument: 2, s_clock);
        for (int i = 0; i < 5; i++)
        {
            schedule.OnScheduled(Update(s_infy), i);
        }

        schedule.OnScheduled(Update(s_other), 0);
        Assert.Equal(2, schedule.Sent(0));
        Assert.Equal(4, schedule.Overflowed);
        Assert.Equal(-1, schedule.IndexOf(Id(s_other)));
    }

    [Fact]
    public void The_clock_converts_a_timestamp_as_it_stamps_now()
    {
        long before = s_clock.UnixNanoseconds();
        long converted = s_clock.ToUnixNanoseconds(Stopwatch.GetTimestamp());
        long after = s_clock.UnixNanoseconds();
        Assert.InRange(converted, before, after);
    }

    [Fact]
    public void Ticks_count_updates_depth_takes_its_ticks_time_and_a_previous_close_is_no_update()
    {
        var schedule = new SimulatedSendSchedule([Id(s_infy)], capacityPerInstrument: 8, s_clock);
        var matcher = new SimulatedSendMatcher(schedule);
        for (int i = 0; i < 3; i++)
        {
            schedule.OnScheduled(Update(s_infy), 1000 * (i + 1));
        }

        long Stamp(int n) => s_clock.ToUnixNanoseconds(1000 * (n + 1));

        // Dhan's previous close comes before the first update: no send time, no count.
        Assert.Equal(SendMatch.NotAnUpdate, Match(matcher, EventKind.Tick, TickFields.Close, out _));

        // Update 0 in a lighter mode (a tick only, the mode request not landed yet), then updates 1 and 2 in full mode.
        Assert.Equal(SendMatch.Matched, Match(matcher, EventKind.Tick, TickFields.LastPrice, out long t0));
        Assert.Equal(SendMatch.Matched, Match(matcher, EventKind.Tick, TickFields.LastPrice, out long t1));
        Assert.Equal(SendMatch.Matched, Match(matcher, EventKind.Depth, default, out long d1));
        Assert.Equal(SendMatch.Matched, Match(matcher, EventKind.Tick, TickFields.LastPrice, out long t2));
        Assert.Equal(SendMatch.Matched, Match(matcher, EventKind.Depth, default, out long d2));
        Assert.Equal([Stamp(0), Stamp(1), Stamp(1), Stamp(2), Stamp(2)], new[] { t0, t1, d1, t2, d2 });

        // A fourth tick has no stamp; clock events are not updates.
        Assert.Equal(SendMatch.Unmatched, Match(matcher, EventKind.Tick, TickFields.LastPrice, out _));
        Assert.Equal(SendMatch.NotAnUpdate, Match(matcher, EventKind.Clock, default, out _));
        Assert.Equal(4, matcher.Ticks(0));
    }

    [Fact]
    public async Task A_paced_server_stamps_every_update_it_sends_before_sending_it()
    {
        var instruments = new[] { s_infy, s_other };
        var schedule = new SimulatedSendSchedule([Id(s_infy), Id(s_other)], capacityPerInstrument: 1000, MonotonicClock.Shared);
        await using var server = await SimulatorServer.StartAsync(
            new SimulatorOptions { Instruments = instruments, MessagesPerSecond = 2000, MaxMessages = 300, SendObserver = schedule },
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            CancellationToken.None);
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(server.GetFeedUri(FeedKind.Kite, "?api_key=k&access_token=t"), CancellationToken.None);
        byte[] subscribe = """{"a":"subscribe","v":[408065,884737]}"""u8.ToArray();
        await socket.SendAsync(subscribe, System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        byte[] buffer = new byte[1 << 16];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (server.Connections.Sum(c => c.MessagesSent) < 300 && DateTime.UtcNow < deadline)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        long now = MonotonicClock.Shared.UnixNanoseconds();
        Assert.Equal(300, server.Connections.Sum(c => c.MessagesSent));
        Assert.Equal(300, schedule.Sent(0) + schedule.Sent(1));
        Assert.Equal(0, schedule.Overflowed);
        for (int index = 0; index < 2; index++)
        {
            long previous = 0;
            for (long n = 0; n < schedule.Sent(index); n++)
            {
                Assert.True(schedule.TryGetScheduled(index, n, out long stamp));
                Assert.InRange(stamp, previous + 1, now);
                previous = stamp;
            }
        }
    }

    private static SendMatch Match(SimulatedSendMatcher matcher, EventKind kind, TickFields fields, out long scheduled)
    {
        MarketEvent e = Event(kind, fields);
        return matcher.Match(in e, out scheduled);
    }

    private static InstrumentId Id(SimulatedInstrument instrument) => InstrumentId.From(instrument.Feed, instrument.Token);

    private static SimulatedUpdate Update(SimulatedInstrument instrument) => new() { Instrument = instrument, Mode = SubscriptionMode.Full };

    private static MarketEvent Event(EventKind kind, TickFields fields)
    {
        MarketEvent e = default;
        e.Header.Kind = kind;
        e.Header.Instrument = Id(s_infy);
        if (kind == EventKind.Tick)
        {
            e.Tick.Fields = fields;
        }

        return e;
    }
}
