using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Host.Simulation;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;
using LowLatencyFeed.Simulator.Stamping;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>The pieces of the end-to-end latency harness (bench <c>e2e</c>) on the real engine with two protocols.</summary>
public sealed class LastStageProbeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-probe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_last_stage_probe_sees_every_update_after_the_journal_with_its_scheduled_send_time()
    {
        const int messagesPerConnection = 400;
        ISimulatedFeed[] feeds = [new KiteSimulatedFeed(), new DhanSimulatedFeed()];
        var ids = feeds.SelectMany(f => f.DefaultInstruments.Select(i => InstrumentId.From(i.Feed, i.Token))).ToList();
        var schedule = new SimulatedSendSchedule(ids, capacityPerInstrument: messagesPerConnection);
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Feeds = feeds,
                MessagesPerSecond = 2000,
                MaxMessages = messagesPerConnection,
                StartTimeUnixNs = MonotonicClock.Shared.UnixNanoseconds(),
                SendObserver = schedule,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        var options = new FeedHostOptions
        {
            DataDirectory = _directory,
            Database = new DatabaseOptions { PrivateCluster = false },
            Feeds = [.. new[] { "kite", "dhan" }.Select((protocol, i) => SimulatedFeedConfig.For(protocol, feeds[i].DefaultInstruments, simulator.GetFeedUri(feeds[i].Path).ToString(), simulator.HttpBaseUri.ToString(), feeds[i].DefaultInstruments.Count))],
        };
        var probe = new CheckingProbe(schedule);
        var engine = new FeedEngine(EngineSettings.From(options) with { LastStageProbe = probe }, slabs => FeedFactory.Create(options, slabs, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        probe.Journal = engine.Journal;
        engine.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline && (simulator.Connections.Sum(c => c.MessagesSent) < 2 * messagesPerConnection || probe.Ticks < 2 * messagesPerConnection))
        {
            await Task.Delay(20);
        }

        Assert.True(await engine.StopAsync(TimeSpan.FromSeconds(30)));
        await engine.DisposeAsync();
        Assert.Equal(2 * messagesPerConnection, simulator.Connections.Sum(c => c.MessagesSent));
        Assert.Equal(0, engine.Feeds.Sum(f => f.Diagnostics.TotalErrors));

        // One tick per update, each with a stamp; a depth per full-mode update, with its tick's stamp.
        Assert.Equal(2 * messagesPerConnection, probe.Ticks);
        Assert.True(probe.Depths > 0, "full mode streams depth");
        Assert.Equal(0, probe.Unmatched);
        Assert.Equal(0, schedule.Overflowed);

        // Scheduled before received, received before staged; the stager ran after the journal had the event.
        Assert.Equal(0, probe.ReceivedBeforeScheduled);
        Assert.Equal(0, probe.StagedBeforeReceived);
        Assert.Equal(0, probe.StagedBeforeJournaled);
    }

    private sealed class CheckingProbe(SimulatedSendSchedule schedule) : IStageProbe
    {
        private readonly SimulatedSendMatcher _matcher = new(schedule);

        public Journal.Writing.JournalWriter? Journal { get; set; }

        public long Ticks => Volatile.Read(ref _ticks);

        public long Depths;
        public long Unmatched;
        public long ReceivedBeforeScheduled;
        public long StagedBeforeReceived;
        public long StagedBeforeJournaled;
        private long _ticks;

        public void OnStaged(ref MarketEvent data, long sequence)
        {
            if (Journal is { } journal && journal.LastSequence < sequence)
            {
                StagedBeforeJournaled++;
            }

            SendMatch match = _matcher.Match(in data, out long scheduled);
            if (match == SendMatch.NotAnUpdate)
            {
                return;
            }

            long now = MonotonicClock.Shared.UnixNanoseconds();
            if (match == SendMatch.Unmatched)
            {
                Unmatched++;
            }
            else if (data.Header.ReceiveTimeNs < scheduled)
            {
                ReceivedBeforeScheduled++;
            }

            if (now < data.Header.ReceiveTimeNs)
            {
                StagedBeforeReceived++;
            }

            if (data.Header.Kind == EventKind.Depth)
            {
                Depths++;
            }
            else if (data.Header.Kind == EventKind.Tick)
            {
                Volatile.Write(ref _ticks, _ticks + 1);
            }
        }
    }
}
