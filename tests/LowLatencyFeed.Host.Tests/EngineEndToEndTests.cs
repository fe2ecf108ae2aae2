using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

public sealed class EngineEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-engine-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Simulator_to_every_stage_then_a_drained_stop()
    {
        const int messages = 3000;
        var instruments = DemoInstruments.Create(6);

        // Exchange time, not wall time, decides when a bar closes: 3,000 updates 10 ms apart span 30 s of exchange
        // time whatever the machine's speed, so ticks themselves close 1 s bars (clock events may close more).
        // The exchange clock starts 5 minutes ahead of the wall clock: until the client's mode request lands, Kite
        // streams quote-mode packets, which carry no exchange time, so the engine stamps them with their receive time.
        // Those must be older than every exchange-stamped tick, or (as with a 2024 start) every later tick would be
        // "older than the open bar" and no bar would ever close; that was this test's flakiness.
        long startNs = MonotonicClock.Shared.UnixNanoseconds() + (5L * 60 * 1_000_000_000);
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Instruments = instruments,
                MessagesPerSecond = 0,
                MaxMessages = messages,
                CaptureSentEvents = true,
                SimulatedStep = TimeSpan.FromMilliseconds(10),
                StartTimeUnixNs = startNs,
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);

        var feed = new FeedOptions { Name = "kite-test", Protocol = "kite", Url = simulator.GetFeedUri(FeedKind.Kite).ToString() };
        foreach (var instrument in instruments)
        {
            feed.Instruments.Add(new InstrumentOptions { Token = instrument.Token, Mode = SubscriptionMode.Full });
        }

        var options = new FeedHostOptions { DataDirectory = _directory, Feeds = [feed] };
        options.ClockIntervalMilliseconds = 50;
        var settings = EngineSettings.From(options);
        var engine = new FeedEngine(settings, slabs => FeedFactory.Create(options, slabs, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        engine.Start();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        long sentEvents = 0;
        MarketEvent[] sent = [];
        while (DateTime.UtcNow < deadline)
        {
            var connection = simulator.Connections.FirstOrDefault();
            if (connection is not null && connection.MessagesSent == messages)
            {
                sent = connection.GetSentEvents();
                sentEvents = sent.Length;
                if (engine.Feeds[0].Diagnostics.Events >= sentEvents)
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        Assert.True(await engine.StopAsync(TimeSpan.FromSeconds(20)));
        Assert.True(sentEvents > 0);
        Assert.Equal(sentEvents, engine.Feeds[0].Diagnostics.Events);
        Assert.Equal(0, engine.Feeds[0].Diagnostics.TotalErrors);

        // Every stage saw every published event (market data, control and clock events), nothing is left in the ring.
        long published = engine.Ring.Cursor + 1;
        Assert.True(published > sentEvents);
        foreach (var stage in engine.Stages)
        {
            long expected = stage.Name is "derived-stager" or "derived-stream" ? engine.DerivedRing.Cursor + 1 : published;
            Assert.Equal(expected, stage.Processor.EventCount);
            Assert.Equal(0, stage.Lag());
        }

        // Independent lower bound: a priced tick in a later exchange second than the instrument's previous one closes
        // the open 1 s bar, so every instrument closes at least (distinct seconds - 1) bars through ticks alone.
        long closedByTicks = OneSecondBarsClosedByTicks(sent);
        Assert.True(closedByTicks >= 10, $"the simulated exchange time crosses only {closedByTicks} bar boundaries");
        Assert.True(engine.Bars.BarsEmitted >= closedByTicks, BarDiagnostics(engine, closedByTicks));
        Assert.True(engine.Books.SamplesEmitted > 0);

        // The journal holds every published event, and replaying it through the same bar/book code gives what live gave.
        Assert.Equal(engine.Ring.Cursor, engine.Journal.LastSequence);
        var replay = await LowLatencyFeed.Replay.ReplayRunner.RunAsync(new LowLatencyFeed.Replay.ReplayOptions
        {
            JournalDirectory = settings.JournalDirectory,
            Bars = settings.Processing.ToBarOptions(),
            Books = settings.Processing.ToBookOptions(),
            Signals = settings.Processing.ToSignalOptions(),
        });
        Assert.Equal(published, replay.Events);
        Assert.Equal(0, replay.IssueCount);
        Assert.Equal(engine.Bars.BarsEmitted, replay.Bars);
        Assert.Equal(engine.Books.SamplesEmitted, replay.MetricsSamples);
        Assert.Equal(engine.Books.SignalsEmitted, replay.Signals);
        await engine.DisposeAsync();

        Assert.Equal(EventKind.Control, engine.Ring[0].Header.Kind);
        Assert.Equal(ControlCode.EngineStart, engine.Ring[0].Control.Code);
        Assert.Equal(ControlCode.EngineStop, engine.Ring[engine.Ring.Cursor].Control.Code);
    }

    private static string BarDiagnostics(FeedEngine engine, long closedByTicks)
    {
        var a = engine.Bars.Aggregator;
        return $"{a.BarsEmitted} bars emitted, at least {closedByTicks} expected; ticks {a.Ticks}, unpriced {a.UnpricedTicks}, late {a.LateTicks}, older {a.OlderTicks}, dropped {a.DroppedOlderTicks}, rejected {a.RejectedTicks}, clock events {a.ClockEvents}, gaps {a.GapsObserved}";
    }

    private static long OneSecondBarsClosedByTicks(MarketEvent[] sent)
    {
        var secondsByInstrument = new Dictionary<InstrumentId, HashSet<long>>();
        foreach (MarketEvent e in sent)
        {
            if (e.Header.Kind != EventKind.Tick || (e.Tick.Fields & TickFields.LastPrice) == 0 || e.Header.ExchangeTimeNs == 0)
            {
                continue;
            }

            if (!secondsByInstrument.TryGetValue(e.Header.Instrument, out var seconds))
            {
                seconds = [];
                secondsByInstrument.Add(e.Header.Instrument, seconds);
            }

            seconds.Add(e.Header.ExchangeTimeNs / 1_000_000_000L);
        }

        long closed = 0;
        foreach (var seconds in secondsByInstrument.Values)
        {
            closed += seconds.Count - 1;
        }

        return closed;
    }
}
