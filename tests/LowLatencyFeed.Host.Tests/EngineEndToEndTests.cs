using LowLatencyFeed.Core.Events;
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
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { Instruments = instruments, MessagesPerSecond = 0, MaxMessages = messages, CaptureSentEvents = true },
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
        while (DateTime.UtcNow < deadline)
        {
            var connection = simulator.Connections.FirstOrDefault();
            if (connection is not null && connection.MessagesSent == messages)
            {
                sentEvents = connection.GetSentEvents().Length;
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
            long expected = stage.Name == "derived-stager" ? engine.DerivedRing.Cursor + 1 : published;
            Assert.Equal(expected, stage.Processor.EventCount);
            Assert.Equal(0, stage.Lag());
        }

        Assert.True(engine.Bars.BarsEmitted > 0);
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
}
