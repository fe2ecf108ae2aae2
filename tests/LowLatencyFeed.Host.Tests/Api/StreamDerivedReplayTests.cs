using System.Globalization;
using LowLatencyFeed.Client;
using LowLatencyFeed.Client.Streaming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Storage.CatchUp;
using LowLatencyFeed.Storage.Verification;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// The derived channels and replay over the stream, read through the C# client, against independent expectations:
/// the journal's own events and what replaying it through fresh engines (DatabaseVerifier) gives.
/// </summary>
public sealed class StreamDerivedReplayTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private static readonly string[] s_derivedTables = ["bars", "book_metrics", "signals"];

    [Fact]
    public async Task Derived_channels_carry_every_bar_metrics_sample_and_signal_that_replaying_the_journal_gives()
    {
        // Paced, so the simulated exchange time spans a few seconds and ticks close several 1 s bars per instrument.
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 4000, deferSimulator: true, rate: 1000);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        Dictionary<string, long> ids = (await api.GetInstrumentsAsync()).ToDictionary(i => i.Id, i => i.InstrumentId);
        using var timeout = new CancellationTokenSource(s_deadline);
        await using FeedStream stream = await api.ConnectStreamAsync(timeout.Token);
        await stream.SubscribeAsync(["bars:1s", "bars:1m", "book_metrics", "signals"], cancellationToken: timeout.Token);
        await using IAsyncEnumerator<StreamMessage> messages = stream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await messages.MoveNextAsync());
        var ack = Assert.IsType<SubscriptionMessage>(messages.Current);
        Assert.Equal(["bars:1s", "bars:1m", "book_metrics", "signals"], ack.Derived);
        await host.StartSimulatorAsync();

        var received = new List<StreamMessage>();
        Dictionary<string, List<string>> got = StreamRows.Derived([], ids);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        long lastFeedSequence = -1;
        DateTime nextBound = DateTime.MinValue;
        long comparedThrough = -1;
        Dictionary<string, List<string>>? expected = null;
        while (true)
        {
            // Bars close by later ticks or, after the feed ends, by clock events: the bound moves on (at most every
            // half second, and only once the journal has reached the last one and it held too few bars) until the
            // journal up to it holds enough bars to compare. Moving it before the journal reached it chased the
            // ring cursor forever on a busy machine.
            if ((lastFeedSequence < 0 || (expected is null && comparedThrough == lastFeedSequence && DateTime.UtcNow > nextBound)) && host.AllSent(4000))
            {
                lastFeedSequence = host.Host.Engine.Ring.Cursor;
                nextBound = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            }

            if (expected is null && lastFeedSequence >= 0 && lastFeedSequence != comparedThrough && host.Host.Engine.Journal.LastWrittenSequence >= lastFeedSequence)
            {
                comparedThrough = lastFeedSequence;
                expected = DatabaseVerifier.Expected(host.Host.Engine.Settings.JournalDirectory, Engines(host), lastFeedSequence);

                // Only the subscribed timeframes (a bar row's fourth column is its length in seconds).
                expected["bars"] = [.. expected["bars"].Where(row => row.Split('|')[3] is "1" or "60")];
                if (expected["bars"].Count <= 5)
                {
                    expected = null;
                }
            }

            if (expected is not null && s_derivedTables.All(table => got[table].Count >= expected[table].Count))
            {
                // Each kind comes from one engine in a fixed order: what arrived starts with exactly what the journal gives.
                foreach (string table in s_derivedTables)
                {
                    Assert.Equal(expected[table], got[table].Take(expected[table].Count));
                }

                Assert.True(expected["bars"].Count > 5, $"only {expected["bars"].Count} bars");
                Assert.True(expected["book_metrics"].Count > 100, $"only {expected["book_metrics"].Count} samples");
                Assert.All(received, message => Assert.IsNotType<GapMessage>(message));
                break;
            }

            Assert.True(
                DateTime.UtcNow < deadline,
                $"feed done at {lastFeedSequence}; received {string.Join(", ", s_derivedTables.Select(t => $"{t} {got[t].Count}/{expected?[t].Count}"))}; gaps {received.OfType<GapMessage>().Sum(g => g.Dropped)}");
            Assert.True(await messages.MoveNextAsync(), "the stream closed");
            received.Add(messages.Current);
            foreach (var (table, rows) in StreamRows.Derived([messages.Current], ids))
            {
                got[table].AddRange(rows);
            }
        }
    }

    [Fact]
    public async Task Replay_over_the_stream_sends_every_journaled_event_and_the_derived_rows_the_journal_gives()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 3000);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        Dictionary<string, long> ids = (await api.GetInstrumentsAsync()).ToDictionary(i => i.Id, i => i.InstrumentId);
        await host.WaitUntilJournaledAsync(3000, 1000, s_deadline);

        using var timeout = new CancellationTokenSource(s_deadline);
        var replayed = new List<StreamMessage>();
        await foreach (StreamMessage message in api.ReplayAsync(new ReplayRequest(), timeout.Token))
        {
            replayed.Add(message);
        }

        var end = Assert.IsType<EndMessage>(replayed[^1]);
        Assert.False(end.Cancelled);

        // Market messages: one per journaled event of its kind, in journal order, with the event's own values.
        var ticks = new List<string>();
        var trades = new List<string>();
        var quotes = new List<string>();
        long depthEvents = 0;
        using (JournalCursor cursor = JournalReader.Open(host.Host.Engine.Settings.JournalDirectory, new JournalReaderOptions { DepthSlabs = new DepthSlabPool(4) }).Read())
        {
            while (cursor.MoveNext() && cursor.Current.Header.Sequence <= end.LastSeq)
            {
                ref readonly MarketEvent e = ref cursor.Current;
                string id = $"Kite:{e.Header.Instrument.Token}";
                decimal scale = (decimal)Math.Pow(10, e.Header.PriceDecimals);
                switch (e.Header.Kind)
                {
                    case EventKind.Tick when (e.Tick.Fields & TickFields.IsTrade) != 0:
                        trades.Add(Text(id, e.Header.Sequence, e.Tick.LastPrice / scale));
                        break;
                    case EventKind.Tick:
                        decimal? volume = (e.Tick.Fields & TickFields.CumulativeVolume) != 0 ? e.Tick.CumulativeVolume : null;
                        ticks.Add(Text(id, e.Header.Sequence, e.Tick.LastPrice / scale, volume));
                        break;
                    case EventKind.Quote:
                        quotes.Add(Text(id, e.Header.Sequence, e.Quote.BidPrice / scale, e.Quote.AskPrice / scale));
                        break;
                    case EventKind.Depth:
                        depthEvents++;
                        break;
                }
            }
        }

        Assert.True(ticks.Count > 100);
        Assert.Equal(ticks, replayed.OfType<TickMessage>().Where(m => m.Type == "tick").Select(m => Text(m.Instrument!, m.Seq, m.Price, m.Volume)));
        Assert.Equal(trades, replayed.OfType<TickMessage>().Where(m => m.Type == "trade").Select(m => Text(m.Instrument!, m.Seq, m.Price)));
        Assert.Equal(quotes, replayed.OfType<QuoteMessage>().Select(m => Text(m.Instrument!, m.Seq, m.Bid, m.Ask)));
        Assert.Equal(depthEvents, replayed.OfType<DepthMessage>().LongCount());

        // Derived messages: exactly the rows replaying the journal through fresh engines gives.
        Dictionary<string, List<string>> expected = DatabaseVerifier.Expected(host.Host.Engine.Settings.JournalDirectory, Engines(host), end.LastSeq);
        Dictionary<string, List<string>> got = StreamRows.Derived(replayed, ids);
        foreach (string table in s_derivedTables)
        {
            Assert.Equal(expected[table], got[table]);
        }

        // The end message counts what was sent.
        Assert.Equal(ticks.Count, end.Messages["tick"]);
        Assert.Equal(got["bars"].Count, end.Messages.Where(pair => pair.Key.StartsWith("bars:", StringComparison.Ordinal)).Sum(pair => pair.Value));
        Assert.Equal(replayed.Count - 1, end.Total);
    }

    [Fact]
    public async Task A_paced_replay_of_one_instrument_sends_only_its_ticks_and_bad_replay_requests_get_errors()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 200, rate: 400);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        await host.WaitUntilJournaledAsync(200, 100, s_deadline);

        // 200 messages at 400/s span about 0.5 s of receive time: paced at 10x, about 50 ms.
        using var timeout = new CancellationTokenSource(s_deadline);
        var ticks = new List<TickMessage>();
        EndMessage? end = null;
        await foreach (StreamMessage message in api.ReplayAsync(new ReplayRequest(Speed: "10x", Instruments: [host.FirstId], Channels: ["ticks"]), timeout.Token))
        {
            if (message is TickMessage tick)
            {
                ticks.Add(tick);
            }

            end = message as EndMessage ?? end;
        }

        Assert.NotNull(end);
        Assert.All(ticks, tick => Assert.Equal(host.FirstId, tick.Instrument));
        Assert.True(ticks.Count > 0);

        await using FeedStream stream = await api.ConnectStreamAsync(timeout.Token);
        await using IAsyncEnumerator<StreamMessage> replies = stream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        foreach (var (request, error) in new[]
        {
            ("""{"replay": {"speed": "fast"}}""", "'speed' must be"),
            ("""{"replay": {"from": "yesterday"}}""", "'from' must be an ISO 8601 time"),
            ("""{"replay": {"from": 2000, "to": 1000}}""", "'from' must be before 'to'"),
            ("""{"replay": {"channels": ["bars:7m"]}}""", "unknown channel \"bars:7m\""),
            ("""{"replay": 5}""", "'replay' must be an object"),
        })
        {
            await stream.SendRawAsync(request, timeout.Token);
            Assert.True(await replies.MoveNextAsync());
            var message = Assert.IsType<ErrorMessage>(replies.Current);
            Assert.Contains(error, message.Message, StringComparison.Ordinal);
        }

        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, stream.State);
    }

    private static string Text(string instrument, long seq, params decimal?[] values) =>
        instrument + "|" + seq.ToString(CultureInfo.InvariantCulture) + "|" + string.Join("|", values.Select(v => v?.ToString("0.############", CultureInfo.InvariantCulture) ?? "-"));

    private static DerivedEngineFactory Engines(ApiTestHost host)
    {
        var processing = host.Host.Engine.Settings.Processing;
        return (sink, slabs) =>
        [
            new BarBuilderHandler(processing.ToBarOptions(), sink),
            new BookBuilderHandler(processing.ToBookOptions(), processing.ToSignalOptions(), sink, slabs),
        ];
    }
}
