using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Client.Streaming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Streaming;
using LowLatencyFeed.TestSupport;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// Firehose clients (README "Live stream": ticks and/or trades of every instrument) read the stream stage's tick log
/// with a cursor of their own instead of a queue entry per message. Driven through the stage and the clients' sender
/// calls directly, so every interleaving here is chosen by the test: the same messages as a client with an instrument
/// list, in the same order, in both forms and batched; an exact gap count when the writer came round over a paused
/// reader; the watchdog; switching between the two kinds at any point without losing or repeating a message.
/// </summary>
public sealed class StreamFirehoseTests
{
    private static readonly long[] s_instruments = [InstrumentId.From(FeedKind.Kite, 408065).Value, InstrumentId.From(FeedKind.Kite, 884737).Value, InstrumentId.From(FeedKind.Binance, 7).Value];

    [Fact]
    public void Firehose_clients_read_exactly_the_messages_a_client_listing_every_instrument_queues_in_order_beside_quote_and_depth_clients()
    {
        using var hub = new StreamHub(new StreamOptions { QueueCapacity = 1 << 16, MaxInstruments = 16, SlowClientTimeout = TimeSpan.FromHours(1) });
        const StreamChannels market = StreamChannels.Ticks | StreamChannels.Trades;
        StreamClient listedJson = Client(hub, market, StreamFormat.Json, [.. s_instruments]);
        StreamClient firehoseJson = Client(hub, market | StreamChannels.Quotes | StreamChannels.Depth, StreamFormat.Json, null);
        StreamClient listedBinary = Client(hub, market, StreamFormat.Binary, [.. s_instruments]);
        StreamClient firehoseBinary = Client(hub, market, StreamFormat.Binary, null);
        StreamClient firehoseBatched = Client(hub, market, StreamFormat.Binary, null);
        StreamClient firehoseJsonBatched = Client(hub, market, StreamFormat.Json, null);
        StreamClient ticksOnly = Client(hub, StreamChannels.Ticks, StreamFormat.Binary, null);
        StreamClient tradesOnly = Client(hub, StreamChannels.Trades, StreamFormat.Json, null);
        StreamClient quotesAndDepth = Client(hub, StreamChannels.Quotes | StreamChannels.Depth, StreamFormat.Json, null);
        StreamClient oneInstrument = Client(hub, market, StreamFormat.Json, [s_instruments[1]]);

        var received = new Dictionary<StreamClient, List<byte[]>>();
        foreach (StreamClient client in hub.Clients)
        {
            received[client] = [];
        }

        var batches = new Dictionary<StreamClient, List<int>> { [firehoseBatched] = [], [firehoseJsonBatched] = [] };

        var quoteSeqs = new List<long>();
        int depthMarks = 0;
        var events = Events(3000, seed: 1);
        for (int start = 0; start < events.Length; start += 250)
        {
            Publish(hub, events.AsSpan(start, 250), start);
            foreach (StreamClient client in hub.Clients)
            {
                received[client].AddRange(batches.TryGetValue(client, out List<int>? sizes) ? DrainRuns(client, sizes) : Drain(client));
            }

            while (quotesAndDepth.TryTakeQuote(out _, out long position))
            {
                byte[] quote = new byte[StreamMessageLog.MaxMessageBytes];
                Assert.True(hub.QuoteLog.TryCopy(position, quote, out int length));
                quoteSeqs.Add(Assert.IsType<QuoteMessage>(StreamMessageReader.Read(quote.AsSpan(0, length))).Seq);
            }

            while (quotesAndDepth.TryTakeDepth(out _))
            {
                depthMarks++;
            }
        }

        // Independent expectation: the sequence numbers of the ticks and trades published, in order.
        long[] allSeqs = [.. events.Where(e => e.Header.Kind == EventKind.Tick).Select(e => e.Header.Sequence)];
        long[] tickSeqs = [.. events.Where(e => e.Header.Kind == EventKind.Tick && !StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence)];
        long[] tradeSeqs = [.. events.Where(e => e.Header.Kind == EventKind.Tick && StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence)];
        Assert.True(tickSeqs.Length > 500 && tradeSeqs.Length > 500, $"{tickSeqs.Length} ticks, {tradeSeqs.Length} trades");
        Assert.Equal(allSeqs, Seqs(received[listedJson]));
        Assert.Equal(allSeqs, Seqs(received[listedBinary]));
        Assert.Equal(Hex(received[listedJson]), Hex(received[firehoseJson]));
        Assert.Equal(Hex(received[listedBinary]), Hex(received[firehoseBinary]));
        Assert.Equal(Hex(received[listedBinary]), Hex(received[firehoseBatched]));
        Assert.Equal(Hex(received[firehoseJson]), Hex(received[firehoseJsonBatched]));

        // Both batched clients got every message but the first in batches (runs of the log), many to a batch: the first
        // is read with the switch that starts the cursor (a sender adds it to its batch one message at a time).
        Assert.All(batches, pair => Assert.Equal(allSeqs.Length - 1, pair.Value.Sum()));
        Assert.All(batches, pair => Assert.True(pair.Value.Count < allSeqs.Length / 10, $"{pair.Value.Count} batches"));
        Assert.Equal(tickSeqs, Seqs(received[ticksOnly]));
        Assert.Equal(tradeSeqs, Seqs(received[tradesOnly]));
        Assert.Equal(events.Where(e => e.Header.Kind == EventKind.Tick && e.Header.Instrument.Value == s_instruments[1]).Select(e => e.Header.Sequence), Seqs(received[oneInstrument]));
        Assert.Empty(received[quotesAndDepth]);

        // Quotes and depth stay conflated per instrument, the same for a firehose client.
        Assert.Equal(events.Where(e => e.Header.Kind == EventKind.Quote).GroupBy(e => e.Header.Instrument).Select(g => g.Max(e => e.Header.Sequence)).Order(), quoteSeqs.TakeLast(3).Order());
        Assert.True(depthMarks >= 3);
        Assert.True(firehoseJson.TryTakeQuote(out _, out _));
        Assert.True(firehoseJson.TryTakeDepth(out _));
        Assert.All(hub.Clients, client => Assert.Equal(0, client.Dropped));

        // Only the instrument-list clients took queue entries: the firehose clients read the log.
        Assert.All(new[] { firehoseJson, firehoseBinary, firehoseBatched, firehoseJsonBatched, ticksOnly, tradesOnly }, client => Assert.True(client.ReadsTickLog));
        Assert.False(listedJson.ReadsTickLog);
    }

    [Fact]
    public void A_paused_firehose_reader_the_log_came_round_over_counts_exactly_the_wanted_messages_it_missed_and_is_disconnected_as_slow()
    {
        using var hub = new StreamHub(new StreamOptions { MessageLogBytes = 64 * 1024, QueueCapacity = 1 << 16, MaxInstruments = 16, SlowClientTimeout = TimeSpan.FromMilliseconds(300) });
        StreamClient fast = Client(hub, StreamChannels.Ticks | StreamChannels.Trades, StreamFormat.Binary, null);
        StreamClient paused = Client(hub, StreamChannels.Ticks, StreamFormat.Binary, null);
        StreamClient pausedBatched = Client(hub, StreamChannels.Ticks | StreamChannels.Trades, StreamFormat.Binary, null);
        StreamClient pausedJsonBatched = Client(hub, StreamChannels.Trades, StreamFormat.Json, null);
        MarketEvent[] events = Events(12_000, seed: 2, quotes: false);
        var fastSeqs = new List<long>();
        var pausedSeqs = new List<long>();
        var batchedSeqs = new List<long>();
        var jsonBatchedSeqs = new List<long>();

        // The paused readers take a little at first, then nothing while the writer comes round the 64 KiB log
        // (about 650 binary ticks) many times over; the fast reader keeps up after every batch of 100.
        Publish(hub, events.AsSpan(0, 100), 0);
        fastSeqs.AddRange(Seqs(Drain(fast)));
        pausedSeqs.AddRange(Seqs(Drain(paused)));
        batchedSeqs.AddRange(Seqs(DrainRuns(pausedBatched)));
        jsonBatchedSeqs.AddRange(Seqs(DrainRuns(pausedJsonBatched)));
        for (int start = 100; start < events.Length; start += 100)
        {
            Publish(hub, events.AsSpan(start, 100), start);
            fastSeqs.AddRange(Seqs(Drain(fast)));
        }

        // The watchdog sees the paused cursors lapped, though their senders counted nothing yet, and disconnects them.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (paused.DisconnectReason is null || pausedBatched.DisconnectReason is null || pausedJsonBatched.DisconnectReason is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the paused readers were not disconnected");
            Thread.Sleep(20);
        }

        Assert.StartsWith("slow consumer", paused.DisconnectReason, StringComparison.Ordinal);
        Assert.StartsWith("slow consumer", pausedJsonBatched.DisconnectReason, StringComparison.Ordinal);
        Assert.Equal(3, hub.SlowDisconnects);
        Assert.Null(fast.DisconnectReason);
        Assert.Equal(0, fast.Dropped);
        long[] all = [.. events.Select(e => e.Header.Sequence)];
        Assert.Equal(all, fastSeqs);

        // Reading again: the cursor moved to the newest message, and the gap counts exactly the wanted messages passed
        // over (ticks only for the ticks client: the trades in between were never its); then new messages flow again.
        Assert.Empty(Drain(paused));
        Assert.Empty(DrainRuns(pausedBatched));
        Assert.Empty(DrainRuns(pausedJsonBatched));
        MarketEvent[] after = Events(10, seed: 3, quotes: false, firstSeq: 100_000);
        Publish(hub, after, 12_000);
        pausedSeqs.AddRange(Seqs(Drain(paused)));
        batchedSeqs.AddRange(Seqs(DrainRuns(pausedBatched)));
        jsonBatchedSeqs.AddRange(Seqs(DrainRuns(pausedJsonBatched)));
        long[] tickSeqs = [.. events.Where(e => !StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence)];
        long[] tradeSeqs = [.. events.Where(e => StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence)];
        Assert.Equal(tickSeqs.Length - tickSeqs.Count(seq => seq < 100), paused.TakeDrops());
        Assert.Equal(all.Length - 100, pausedBatched.TakeDrops());
        Assert.Equal(paused.Dropped + pausedSeqs.Count, tickSeqs.Length + Events(10, seed: 3, quotes: false, firstSeq: 100_000).Count(e => !StreamItem.IsTradeEvent(in e)));
        Assert.Equal([.. tickSeqs.Where(seq => seq < 100)], pausedSeqs.Where(seq => seq < 100_000));
        Assert.Equal(10, batchedSeqs.Count(seq => seq >= 100_000));

        // The JSON batched trades-only reader: its gap is the trades it passed over, not the ticks in between.
        Assert.Equal(tradeSeqs.Length - tradeSeqs.Count(seq => seq < 100), pausedJsonBatched.TakeDrops());
        Assert.Equal([.. tradeSeqs.Where(seq => seq < 100)], jsonBatchedSeqs.Where(seq => seq < 100_000));
        Assert.Equal(after.Where(e => StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence), jsonBatchedSeqs.Where(seq => seq >= 100_000));
    }

    [Fact]
    public void A_reader_lapped_in_the_middle_loses_exactly_what_it_did_not_receive()
    {
        using var hub = new StreamHub(new StreamOptions { MessageLogBytes = 64 * 1024, QueueCapacity = 1 << 16, MaxInstruments = 16, SlowClientTimeout = TimeSpan.FromHours(1) });
        StreamClient json = Client(hub, StreamChannels.Ticks | StreamChannels.Trades, StreamFormat.Json, null);
        StreamClient batched = Client(hub, StreamChannels.Trades, StreamFormat.Binary, null);
        StreamClient jsonBatched = Client(hub, StreamChannels.Ticks, StreamFormat.Json, null);
        MarketEvent[] events = Events(20_000, seed: 4, quotes: false);
        var jsonSeqs = new List<long>();
        var batchedSeqs = new List<long>();
        var jsonBatchedSeqs = new List<long>();

        // Uneven reading: after some batches a reader takes everything, after others a few messages, after most nothing.
        var random = new Random(5);
        for (int start = 0; start < events.Length; start += 200)
        {
            Publish(hub, events.AsSpan(start, 200), start);
            jsonSeqs.AddRange(Seqs(Drain(json, random.Next(4) == 0 ? int.MaxValue : random.Next(50))));
            batchedSeqs.AddRange(Seqs(random.Next(10) == 0 ? DrainRuns(batched) : []));
            jsonBatchedSeqs.AddRange(Seqs(random.Next(8) == 0 ? DrainRuns(jsonBatched) : []));
        }

        jsonSeqs.AddRange(Seqs(Drain(json)));
        batchedSeqs.AddRange(Seqs(DrainRuns(batched)));
        jsonBatchedSeqs.AddRange(Seqs(DrainRuns(jsonBatched)));
        long[] all = [.. events.Select(e => e.Header.Sequence)];
        long[] trades = [.. events.Where(e => StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence)];
        long[] ticks = [.. events.Where(e => !StreamItem.IsTradeEvent(in e)).Select(e => e.Header.Sequence)];
        Assert.True(json.Dropped > 0 && batched.Dropped > 0 && jsonBatched.Dropped > 0, $"json dropped {json.Dropped}, batched {batched.Dropped}, JSON batched {jsonBatched.Dropped}");
        Assert.True(jsonBatchedSeqs.Count > 200, $"the JSON batched reader received {jsonBatchedSeqs.Count}");
        AssertExactLoss(all, jsonSeqs, json);
        AssertExactLoss(trades, batchedSeqs, batched);
        AssertExactLoss(ticks, jsonBatchedSeqs, jsonBatched);

        static void AssertExactLoss(long[] expected, List<long> received, StreamClient client)
        {
            Assert.True(Subsequence.IsSubsequence(received, expected));
            Assert.Equal(expected.Length - received.Count, client.TakeDrops());
        }
    }

    [Fact]
    public void Switching_between_an_instrument_list_and_every_instrument_and_between_forms_loses_and_repeats_nothing()
    {
        using var hub = new StreamHub(new StreamOptions { QueueCapacity = 1 << 16, MaxInstruments = 16, SlowClientTimeout = TimeSpan.FromHours(1) });
        StreamClient client = Client(hub, StreamChannels.Ticks | StreamChannels.Trades, StreamFormat.Json, [.. s_instruments]);
        StreamClient other = Client(hub, StreamChannels.Ticks | StreamChannels.Trades, StreamFormat.Binary, null);
        MarketEvent[] events = Events(6000, seed: 6, quotes: false);
        var seqs = new List<long>();
        var random = new Random(7);
        for (int start = 0, step = 0; start < events.Length; start += 300, step++)
        {
            // Change what the client takes at every step, sometimes before it read what the previous one queued.
            var subscription = client.Subscription;
            switch (step % 4)
            {
                case 0:
                    client.Subscription = subscription with { Instruments = null };
                    break;
                case 1:
                    client.Format = StreamFormat.Binary;
                    break;
                case 2:
                    client.Subscription = subscription with { Instruments = [.. s_instruments] };
                    break;
                default:
                    client.Format = StreamFormat.Json;
                    break;
            }

            Publish(hub, events.AsSpan(start, 150), start);
            if (random.Next(2) == 0)
            {
                seqs.AddRange(Seqs(DrainRuns(client)));
            }

            Publish(hub, events.AsSpan(start + 150, 150), start + 150);
            seqs.AddRange(Seqs(Drain(client)));
            Drain(other);
        }

        Assert.Equal(events.Select(e => e.Header.Sequence), seqs);
        Assert.Equal(0, client.Dropped);
        Assert.Equal(0, hub.SwitchFailures);
    }

    [Fact]
    public void A_client_whose_sender_takes_no_switches_is_disconnected_and_what_it_had_comes_once_in_order()
    {
        using var hub = new StreamHub(new StreamOptions { QueueCapacity = 16, MaxInstruments = 16, SlowClientTimeout = TimeSpan.FromHours(1) });
        StreamClient stuck = Client(hub, StreamChannels.Ticks | StreamChannels.Trades, StreamFormat.Json, [.. s_instruments]);
        MarketEvent[] events = Events(64, seed: 9, quotes: false);

        // Its queue is full of ticks and it reads nothing; each change between an instrument list and every instrument
        // queues a switch (2 slots) in the 8 slots kept for them, one event after each change, until there is no room.
        Publish(hub, events, 0);
        Assert.Equal(64 - 16, stuck.Dropped);
        for (int change = 0; change < 4; change++)
        {
            stuck.Subscription = stuck.Subscription with { Instruments = change % 2 == 0 ? null : [.. s_instruments] };
            Publish(hub, Events(1, seed: 10 + change, quotes: false, firstSeq: 1000 + change), 64 + change);
            Assert.Equal(0, hub.SwitchFailures);
        }

        stuck.Subscription = stuck.Subscription with { Instruments = null };
        Publish(hub, Events(1, seed: 20, quotes: false, firstSeq: 2000), 100);
        Assert.Equal(1, hub.SwitchFailures);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (stuck.DisconnectReason is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stuck client was not disconnected");
            Thread.Sleep(20);
        }

        Assert.Equal("slow consumer: subscription changes not taken", stuck.DisconnectReason);

        // What it still reads: the 16 queued, the one event of each firehose spell (changes 0 and 2; the queued
        // spells' events found the queue full), nothing after the switch that did not fit.
        Assert.Equal([.. events.Take(16).Select(e => e.Header.Sequence), 1000, 1002], Seqs(Drain(stuck)));
        Assert.Equal(64 - 16 + 2, stuck.Dropped);
    }

    [Fact]
    public void The_stage_and_a_firehose_sender_allocate_nothing_per_event()
    {
        using var hub = new StreamHub(new StreamOptions { QueueCapacity = 4096, MaxInstruments = 16, SlowClientTimeout = TimeSpan.FromHours(1) });
        StreamClient[] clients = [.. Enumerable.Range(0, 20).Select(i => Client(hub, StreamChannels.Ticks | StreamChannels.Trades | StreamChannels.Quotes, i % 2 == 0 ? StreamFormat.Json : StreamFormat.Binary, null))];
        MarketEvent[] events = Events(1000, seed: 8);
        byte[] message = new byte[StreamMessageLog.MaxMessageBytes];
        byte[] run = new byte[16 * 1024];
        void Round()
        {
            Publish(hub, events, 0);
            foreach (StreamClient client in clients)
            {
                while (client.ReadMarketBatch(run, out _) > 0)
                {
                }

                while (client.ReadMarket(message) > 0)
                {
                }

                while (client.TryTakeQuote(out _, out _))
                {
                }
            }
        }

        Round();
        Round();
        IReadOnlyList<long> windows = AllocationWindows.UntilZero(Round);
        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
    }

    private static StreamClient Client(StreamHub hub, StreamChannels channels, StreamFormat format, HashSet<long>? instruments)
    {
        StreamClient client = hub.Connect();
        client.Format = format;
        client.Subscription = new StreamSubscription(channels, 0, instruments);
        return client;
    }

    // Ticks, trades (every third or so) and, unless asked not to, quotes and depth over three instruments, numbered from firstSeq.
    private static MarketEvent[] Events(int count, int seed, bool quotes = true, long firstSeq = 0)
    {
        var random = new Random(seed);
        var events = new MarketEvent[count];
        for (int i = 0; i < count; i++)
        {
            ref MarketEvent e = ref events[i];
            e.Header.Instrument = new InstrumentId(s_instruments[random.Next(s_instruments.Length)]);
            e.Header.Sequence = firstSeq + i;
            e.Header.ExchangeTimeNs = 1_767_600_900_000_000_000L + (i * 1_000L);
            e.Header.PriceDecimals = 2;
            int kind = random.Next(10);
            if (quotes && kind == 0)
            {
                e.Header.Kind = EventKind.Quote;
                e.Quote.BidPrice = 150_000 + i;
                e.Quote.AskPrice = 150_005 + i;
                e.Quote.BidQuantity = 10;
                e.Quote.AskQuantity = 12;
            }
            else if (quotes && kind == 1)
            {
                e.Header.Kind = EventKind.Depth;
            }
            else
            {
                e.Header.Kind = EventKind.Tick;
                e.Tick.Fields = kind < 5 ? TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume : TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.IsTrade;
                e.Tick.LastPrice = 150_002 + i;
                e.Tick.LastQuantity = 1 + (i % 7);
                e.Tick.CumulativeVolume = 1_000 + i;
                e.Tick.TradeId = kind < 5 ? 0 : 10_000 + i;
            }
        }

        return events;
    }

    private static void Publish(StreamHub hub, ReadOnlySpan<MarketEvent> events, long firstSequence)
    {
        for (int i = 0; i < events.Length; i++)
        {
            MarketEvent e = events[i];
            hub.OnEvent(ref e, firstSequence + i, endOfBatch: i == events.Length - 1);
        }
    }

    private static List<byte[]> Drain(StreamClient client, int most = int.MaxValue)
    {
        var messages = new List<byte[]>();
        byte[] message = new byte[StreamMessageLog.MaxMessageBytes];
        int length;
        while (messages.Count < most && (length = client.ReadMarket(message)) > 0)
        {
            messages.Add(message[..length]);
        }

        return messages;
    }

    // As a batched sender: whole batches (StreamSession sends them as they are) while the client reads a tick log, one
    // message otherwise; each batch is split as a client reads it and checked against its documented layout (README
    // "Batched messages"). The number of messages in each batch goes into batchSizes.
    private static List<byte[]> DrainRuns(StreamClient client, List<int>? batchSizes = null)
    {
        var messages = new List<byte[]>();
        byte[] buffer = new byte[StreamSession.BatchBytes];
        while (true)
        {
            int bytes;
            while ((bytes = client.ReadMarketBatch(buffer, out bool binary)) > 0)
            {
                byte[] batch = buffer[..bytes];
                var inBatch = new List<byte[]>();
                if (binary)
                {
                    // Type 0, layout 1, the count, 4 zero bytes, then [u32 length][bytes] each.
                    Assert.Equal((0, 1, 0), (batch[0], batch[1], BinaryPrimitives.ReadInt32LittleEndian(batch.AsSpan(4))));
                    int count = BinaryPrimitives.ReadUInt16LittleEndian(batch.AsSpan(2));
                    for (int offset = StreamBatch.BinaryHeaderBytes; offset < bytes;)
                    {
                        int length = BinaryPrimitives.ReadInt32LittleEndian(batch.AsSpan(offset));
                        inBatch.Add(batch[(offset + 4)..(offset + 4 + length)]);
                        offset += 4 + length;
                    }

                    Assert.Equal(count, inBatch.Count);
                    Assert.Equal(inBatch.Select(m => StreamBinaryReader.Read(m)), StreamBatchReader.Read(batch, binary: true));
                }
                else
                {
                    // One JSON array of the message objects, exactly '[' m1 ',' m2 … ']'.
                    using JsonDocument array = JsonDocument.Parse(batch);
                    inBatch.AddRange(array.RootElement.EnumerateArray().Select(element => Encoding.UTF8.GetBytes(element.GetRawText())));
                    Assert.Equal("[" + string.Join(",", inBatch.Select(Encoding.UTF8.GetString)) + "]", Encoding.UTF8.GetString(batch));
                    Assert.Equal(inBatch.Select(m => StreamMessageReader.Read(m)), StreamBatchReader.Read(batch, binary: false));
                }

                Assert.NotEmpty(inBatch);
                batchSizes?.Add(inBatch.Count);
                messages.AddRange(inBatch);
            }

            List<byte[]> one = Drain(client, 1);
            if (one.Count == 0)
            {
                return messages;
            }

            messages.AddRange(one);
        }
    }

    private static List<long> Seqs(List<byte[]> messages) =>
        [.. messages.Select(m => m[0] == (byte)'{' ? StreamMessageReader.Read(m) : StreamBinaryReader.Read(m)).Select(m => Assert.IsType<TickMessage>(m).Seq)];

    private static List<string> Hex(List<byte[]> messages) => [.. messages.Select(Convert.ToHexString)];
}
