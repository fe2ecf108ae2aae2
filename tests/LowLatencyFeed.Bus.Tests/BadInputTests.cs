using System.Buffers.Binary;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Bus.Tests.Support;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.TestSupport.Nats;
using LowLatencyFeed.TestSupport.Postgres;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>Unknown schema versions, undecodable messages, refused publishes, a server that is down: clear errors, counters, nothing lost.</summary>
[Collection(BusCollection.Name)]
public sealed class BadInputTests : IDisposable
{
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-bus-bad-").FullName;

    public BadInputTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_undecodable_message_is_skipped_and_reported_and_an_unknown_schema_version_stops_the_stream_unacknowledged()
    {
        using var nats = NatsServerProcess.StartStandalone();
        string stream = BusSubjects.StreamOf("odd");
        await using (var connection = new NatsConnection(new NatsOpts { Url = nats.Url }))
        {
            var js = new NatsJSContext(connection);
            await js.CreateStreamAsync(new StreamConfig(stream, [BusSubjects.HostWildcard("odd")]));
            await PublishAsync(js, Message(1, 10), "odd:1");
            await PublishAsync(js, "not a bus message"u8.ToArray(), "garbage");
            await PublishAsync(js, Message(11, 20), "odd:11");
            byte[] newer = Message(21, 30);
            BinaryPrimitives.WriteUInt16LittleEndian(newer.AsSpan(4), 2);
            await PublishAsync(js, newer, "odd:21");
            await PublishAsync(js, Message(31, 40), "odd:31");
        }

        var log = new TestLog();
        string database = _postgres.CreateDatabase("bad");
        var consumer = EngineHosts.StartConsumerHost(EngineHosts.ConsumerOptions(Path.Combine(_directory, "consumer"), nats.Url, "storage-odd", ["odd"]), database, log);
        var source = EngineHosts.Source(consumer);
        try
        {
            await Wait.UntilAsync(() => source.Statistics.UnknownVersion == 1 && source.Statistics.Undecodable == 1, TimeSpan.FromSeconds(60), () => log.Text);
            await Wait.UntilAsync(async () => await CrashTests.CountAsync(database, "ticks") == 20, TimeSpan.FromSeconds(60), () => log.Text);
            Assert.StartsWith("halted:", source.Streams[0].State, StringComparison.Ordinal);
            Assert.Contains("schema version 2", log.Text, StringComparison.Ordinal);
            Assert.Contains("does not decode", log.Text, StringComparison.Ordinal);
            Assert.Equal(20, source.Streams[0].SourceSequence);

            // Nothing after the newer message was taken, and it is still in the stream, unacknowledged.
            await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
            var info = await new NatsJSContext(connection).GetConsumerAsync(stream, "storage-odd");
            await Wait.UntilAsync(
                async () =>
                {
                    await info.RefreshAsync();
                    return info.Info.AckFloor.StreamSeq == 3;
                },
                TimeSpan.FromSeconds(30),
                () => $"ack floor {info.Info.AckFloor.StreamSeq}");
            Assert.Equal(5, (await new NatsJSContext(connection).GetStreamAsync(stream)).Info.State.Messages);
        }
        finally
        {
            await consumer.StopAsync(TimeSpan.FromSeconds(30));
            await consumer.DisposeAsync();
        }

        var markers = JournalContents.Read(Path.Combine(_directory, "consumer", "journal")).Select(e => e.Text).ToList();
        Assert.Single(markers, t => t.Contains("|BusMessageSkipped|0|2|", StringComparison.Ordinal));
        Assert.Equal(20, await CrashTests.CountAsync(database, "ticks"));
    }

    [Fact]
    public async Task Missing_and_repeated_source_sequences_are_reported_as_gap_and_reset_events()
    {
        using var nats = NatsServerProcess.StartStandalone();
        await using (var connection = new NatsConnection(new NatsOpts { Url = nats.Url }))
        {
            var js = new NatsJSContext(connection);
            await js.CreateStreamAsync(new StreamConfig(BusSubjects.StreamOf("gappy"), [BusSubjects.HostWildcard("gappy")]));
            await PublishAsync(js, Message(1, 10), "gappy:1", "gappy");
            await PublishAsync(js, Message(21, 30), "gappy:21", "gappy");
            await PublishAsync(js, Message(5, 8), "gappy:5", "gappy");
        }

        var log = new TestLog();
        string database = _postgres.CreateDatabase("gap");
        var consumer = EngineHosts.StartConsumerHost(EngineHosts.ConsumerOptions(Path.Combine(_directory, "consumer"), nats.Url, "storage-gap", ["gappy"]), database, log);
        var source = EngineHosts.Source(consumer);
        try
        {
            await Wait.UntilAsync(() => source.Statistics.Gaps == 1 && source.Statistics.Resets == 1 && source.Streams[0].SourceSequence == 8, TimeSpan.FromSeconds(60), () => log.Text);
            Assert.Contains("source sequences 11..20 never arrived", log.Text, StringComparison.Ordinal);
            Assert.Contains("went back from 30 to 5", log.Text, StringComparison.Ordinal);
        }
        finally
        {
            await consumer.StopAsync(TimeSpan.FromSeconds(30));
            await consumer.DisposeAsync();
        }

        var events = JournalContents.Read(Path.Combine(_directory, "consumer", "journal")).Select(e => e.Text).ToList();
        Assert.Single(events, t => t.EndsWith("|BusGap|0|11|20", StringComparison.Ordinal));
        Assert.Single(events, t => t.EndsWith("|BusSourceReset|0|30|5", StringComparison.Ordinal));
        Assert.Equal(24, await CrashTests.CountAsync(database, "ticks"));
    }

    [Fact]
    public async Task A_stream_that_refuses_messages_is_retried_and_catches_up_from_the_journal_once_it_accepts_again()
    {
        using var nats = NatsServerProcess.StartStandalone();
        string stream = BusSubjects.StreamOf("limited");
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var js = new NatsJSContext(connection);
        var config = new StreamConfig(stream, [BusSubjects.HostWildcard("limited")]) { MaxMsgs = 5, Discard = StreamConfigDiscard.New };
        await js.CreateStreamAsync(config);

        var log = new TestLog();
        const int messages = 1000;
        var instruments = EngineHosts.Instruments(4, 8000);
        await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages);
        string data = Path.Combine(_directory, "feed");
        var options = EngineHosts.FeedHostOptions(data, "limited", nats.Url, simulator.GetFeedUri(FeedKind.Kite), instruments);
        var feed = EngineHosts.StartFeedHost(options, log);
        try
        {
            var statistics = feed.Bus!.Publisher.Statistics;
            await Wait.UntilAsync(() => statistics.Errors(BusPublishErrorKind.Refused) > 0, TimeSpan.FromSeconds(60), () => log.Text);
            Assert.Contains("maximum messages exceeded", statistics.LastError, StringComparison.Ordinal);
            await EngineHosts.WaitForFeedAsync(simulator, messages, feed);
            Assert.True(feed.Journal.LastSequence > statistics.Acknowledged);

            // The operator lifts the limit: the publisher resumes after what the stream holds.
            config.MaxMsgs = -1;
            await js.UpdateStreamAsync(config);
            await Scenario.StopFeedHostAsync(feed, log);
        }
        finally
        {
            await feed.DisposeAsync();
        }

        Assert.Equal(JournalContents.Read(Path.Combine(data, "journal")), (await StreamContents.ReadAsync(nats.Url, stream)).Events);
    }

    [Fact]
    public async Task A_publisher_without_permission_on_its_subjects_gets_a_clear_error_and_catches_up_once_allowed()
    {
        const string denied = "publish: { allow: [\"$JS.API.>\", \"_INBOX.>\"] }";
        const string allowed = "publish: { allow: [\"$JS.API.>\", \"_INBOX.>\", \"llfeed.>\"] }";
        using var nats = NatsServerProcess.StartStandalone(extraConfig: "authorization { users: [ { user: feeder, password: secret, permissions: { " + denied + ", subscribe: { allow: [\"_INBOX.>\"] } } } ] }");
        var log = new TestLog();
        const int messages = 800;
        var instruments = EngineHosts.Instruments(4, 9500);
        await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages);
        string data = Path.Combine(_directory, "feed");
        var options = EngineHosts.FeedHostOptions(data, "guarded", nats.Url, simulator.GetFeedUri(FeedKind.Kite), instruments);
        options.Bus.User = "feeder";
        options.Bus.Password = "secret";
        options.Bus.AckTimeoutSeconds = 0.5;
        var feed = EngineHosts.StartFeedHost(options, log);
        try
        {
            var statistics = feed.Bus!.Publisher.Statistics;
            await Wait.UntilAsync(() => statistics.Errors(BusPublishErrorKind.AckTimeout) > 0, TimeSpan.FromSeconds(60), () => log.Text);
            Assert.Contains("no permission to publish on llfeed.guarded.>", statistics.LastError, StringComparison.Ordinal);
            nats.Reconfigure(denied, allowed);
            await EngineHosts.WaitForFeedAsync(simulator, messages, feed);
            await Scenario.StopFeedHostAsync(feed, log);
        }
        finally
        {
            await feed.DisposeAsync();
        }

        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url, AuthOpts = new NatsAuthOpts { Username = "feeder", Password = "secret" } });
        var stream = await new NatsJSContext(connection).GetStreamAsync(BusSubjects.StreamOf("guarded"));
        var journal = JournalContents.Read(Path.Combine(data, "journal"));
        Assert.Equal(journal.Count, (await CountEventsAsync(connection, BusSubjects.StreamOf("guarded"))));
        Assert.True(stream.Info.State.Messages > 0);
    }

    [Fact]
    public async Task A_server_that_is_down_at_start_and_comes_back_gets_everything_once()
    {
        using var nats = NatsServerProcess.StartStandalone();
        nats.Kill();
        var log = new TestLog();
        const int messages = 800;
        var instruments = EngineHosts.Instruments(4, 9000);
        await using var simulator = await EngineHosts.SimulatorAsync(instruments, messages);
        string data = Path.Combine(_directory, "feed");
        var feed = EngineHosts.StartFeedHost(EngineHosts.FeedHostOptions(data, "patient", nats.Url, simulator.GetFeedUri(FeedKind.Kite), instruments), log);
        try
        {
            var statistics = feed.Bus!.Publisher.Statistics;
            await Wait.UntilAsync(() => statistics.Errors(BusPublishErrorKind.Unreachable) >= 2 && feed.Journal.LastWrittenSequence > 500, TimeSpan.FromSeconds(60), () => log.Text);
            Assert.Contains("cannot connect", statistics.LastError, StringComparison.Ordinal);
            Assert.Contains("Bus publish to LLFEED_PATIENT failed (Unreachable", log.Text, StringComparison.Ordinal);
            nats.Start();
            await EngineHosts.WaitForFeedAsync(simulator, messages, feed);
            await Scenario.StopFeedHostAsync(feed, log);
        }
        finally
        {
            await feed.DisposeAsync();
        }

        Assert.Equal(JournalContents.Read(Path.Combine(data, "journal")), (await StreamContents.ReadAsync(nats.Url, BusSubjects.StreamOf("patient"))).Events);
    }

    [Fact]
    public async Task A_resent_message_is_dropped_by_its_message_id()
    {
        using var nats = NatsServerProcess.StartStandalone();
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var js = new NatsJSContext(connection);
        string stream = BusSubjects.StreamOf("again");
        await js.CreateStreamAsync(new StreamConfig(stream, [BusSubjects.HostWildcard("again")]));
        byte[] message = Message(1, 10);
        var first = await PublishAsync(js, message, BusSubjects.MessageId("again", 1), "again");
        var second = await PublishAsync(js, message, BusSubjects.MessageId("again", 1), "again");
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(1, (await js.GetStreamAsync(stream)).Info.State.Messages);
    }

    private static async Task<long> CountEventsAsync(NatsConnection connection, string stream)
    {
        var js = new NatsJSContext(connection);
        var info = await js.GetStreamAsync(stream);
        var consumer = await js.CreateOrderedConsumerAsync(stream);
        var reader = new BusMessageReader();
        long events = 0;
        long expected = 0;
        await foreach (var message in consumer.ConsumeAsync<NatsMemoryOwner<byte>>())
        {
            using NatsMemoryOwner<byte> data = message.Data;
            Assert.Equal(BusReadStatus.Ok, reader.Open(data.Memory));
            if (reader.Header.PartIndex == 0)
            {
                Assert.Equal(expected, reader.Header.BatchFirstSequence);
                expected = reader.Header.BatchLastSequence + 1;
            }

            events += reader.Header.EventCount;
            if (message.Metadata?.Sequence.Stream >= info.Info.State.LastSeq)
            {
                break;
            }
        }

        return events;
    }

    private static async Task<PubAckResponse> PublishAsync(NatsJSContext js, byte[] data, string id, string host = "odd")
    {
        var ack = await js.PublishAsync($"llfeed.{host}.kite.tick", data, headers: new NatsHeaders { ["Nats-Msg-Id"] = id });
        Assert.Null(ack.Error);
        return ack;
    }

    /// <summary>A one-message batch of ticks with source sequences first..last.</summary>
    private static byte[] Message(long first, long last)
    {
        var batch = new BusBatch(64 * 1024, 1000);
        for (long sequence = first; sequence <= last; sequence++)
        {
            var e = new MarketEvent();
            e.Header.Kind = EventKind.Tick;
            e.Header.Feed = FeedKind.Kite;
            e.Header.PriceDecimals = 2;
            e.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
            e.Header.ExchangeTimeNs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000) + sequence;
            e.Header.ReceiveTimeNs = e.Header.ExchangeTimeNs;
            e.Tick.LastPrice = 100_000 + sequence;
            e.Tick.Fields = TickFields.LastPrice;
            batch.Append(in e, sequence, null);
        }

        var message = new byte[batch.MessageBytes(0)];
        batch.BuildMessage(0, message);
        return message;
    }
}
