using System.Net.WebSockets;
using System.Text.Json;
using LowLatencyFeed.Client;
using LowLatencyFeed.Client.Streaming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Streaming;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// The stream's compact binary form (README "Live stream", binary form): the same events read through the C# client
/// from JSON and from binary give the same records, live and in a replay; the stream stage formats each event once for
/// all clients of a format; a bad <c>format</c> is refused.
/// </summary>
public sealed class StreamBinaryTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions s_canonical = new() { WriteIndented = false };

    [Fact]
    public async Task A_binary_replay_reads_into_exactly_the_messages_of_the_json_replay_of_the_same_journal()
    {
        // Paced, so the simulated exchange time spans several seconds: several 1 s bars per instrument, and indicators.
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 3000, rate: 600, configure: WithIndicators);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        var deadline = DateTime.UtcNow + s_deadline;
        await host.WaitUntilJournaledAsync(3000, 1000, s_deadline);

        // The last bars close by a clock event a grace after the last tick: wait until the live stage closed bars, so the
        // bound below takes that clock event in.
        while (host.Host.Engine.Bars.BarsEmitted == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the live bar stage closed no bar");
            await Task.Delay(20);
        }

        // One bound for both replays, so both read the same events (clock events keep coming), once the journal holds it.
        var to = DateTimeOffset.UtcNow;
        long cursor = host.Host.Engine.Ring.Cursor;
        while (host.Host.Engine.Journal.LastWrittenSequence < cursor)
        {
            Assert.True(DateTime.UtcNow < deadline, "the journal did not reach the bound");
            await Task.Delay(20);
        }

        List<StreamMessage> json = await ReplayAsync(api, new ReplayRequest(To: to));
        List<StreamMessage> binary = await ReplayAsync(api, new ReplayRequest(To: to, Format: "binary"));
        EndMessage jsonEnd = Assert.IsType<EndMessage>(json[^1]);
        EndMessage binaryEnd = Assert.IsType<EndMessage>(binary[^1]);
        Assert.Equal(jsonEnd.LastSeq, binaryEnd.LastSeq);
        Assert.Equal(jsonEnd.Messages, binaryEnd.Messages);

        // Every kind the Kite simulator gives is there (indicators when the bars made them ready; trades, quotes, signals and
        // indicators: the hand-built test below), and none of the binary messages was unknown to the client.
        string types = string.Join(", ", json.Select(message => message.Type).Distinct());
        foreach (string type in new[] { "tick", "depth", "bar", "book_metrics" })
        {
            Assert.True(json.Any(message => message.Type == type), $"no {type} among {types}");
        }

        Assert.DoesNotContain(binary, message => message is UnknownMessage);
        Assert.Equal(Canonical(json.Take(json.Count - 1)), Canonical(binary.Take(binary.Count - 1)));
    }

    [Fact]
    public async Task Live_ticks_and_trades_reach_a_binary_and_a_json_client_as_the_same_messages()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 2000, deferSimulator: true, rate: 2000);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        using var timeout = new CancellationTokenSource(s_deadline);
        await using FeedStream jsonStream = await api.ConnectStreamAsync(timeout.Token);
        await using FeedStream binaryStream = await api.ConnectStreamAsync("binary", timeout.Token);
        await jsonStream.SubscribeAsync(["ticks", "trades"], cancellationToken: timeout.Token);
        await binaryStream.SubscribeAsync(["ticks", "trades"], cancellationToken: timeout.Token);
        await using IAsyncEnumerator<StreamMessage> jsonMessages = jsonStream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await using IAsyncEnumerator<StreamMessage> binaryMessages = binaryStream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await jsonMessages.MoveNextAsync());
        Assert.Equal("json", Assert.IsType<SubscriptionMessage>(jsonMessages.Current).Format);
        Assert.True(await binaryMessages.MoveNextAsync());
        Assert.Equal("binary", Assert.IsType<SubscriptionMessage>(binaryMessages.Current).Format);
        await host.StartSimulatorAsync();

        await host.WaitUntilJournaledAsync(2000, 1000, s_deadline);

        int expected = JournaledTicks(host);
        Assert.True(expected > 100, $"only {expected} ticks and trades");
        List<StreamMessage> json = await TicksAsync(jsonMessages, expected);
        List<StreamMessage> binary = await TicksAsync(binaryMessages, expected);
        Assert.Equal(Canonical(json), Canonical(binary));
    }

    [Fact]
    public void The_stream_stage_formats_each_event_once_per_format_whatever_the_number_of_clients()
    {
        using var hub = new StreamHub(new StreamOptions { QueueCapacity = 64, MaxInstruments = 16 });
        // Firehose clients (every instrument) and clients listing the instrument: one message per format for all.
        var everything = new StreamSubscription(StreamChannels.Ticks | StreamChannels.Trades | StreamChannels.Quotes, 0, null);
        var listed = everything with { Instruments = [InstrumentId.From(FeedKind.Kite, 408065).Value] };
        StreamClient[] jsonClients = [.. Enumerable.Range(0, 3).Select(_ => hub.Connect())];
        StreamClient[] binaryClients = [.. Enumerable.Range(0, 2).Select(_ => hub.Connect())];
        int n = 0;
        foreach (StreamClient client in jsonClients.Concat(binaryClients))
        {
            client.Subscription = n++ % 2 == 0 ? everything : listed;
        }

        foreach (StreamClient client in binaryClients)
        {
            client.Format = StreamFormat.Binary;
        }

        var tick = default(MarketEvent);
        tick.Header.Kind = EventKind.Tick;
        tick.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
        tick.Header.Sequence = 42;
        tick.Header.ExchangeTimeNs = 1_767_600_900_123_456_700L;
        tick.Header.PriceDecimals = 2;
        tick.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume;
        tick.Tick.LastPrice = 152_050;
        tick.Tick.LastQuantity = 7;
        tick.Tick.CumulativeVolume = 12_345;
        hub.OnEvent(ref tick, 42, endOfBatch: true);

        Assert.Equal(1, hub.TickLog(StreamFormat.Json).Count);
        Assert.Equal(1, hub.TickLog(StreamFormat.Binary).Count);
        string[] jsonMessages = [.. jsonClients.Select(Take)];
        string[] binaryMessages = [.. binaryClients.Select(Take)];
        Assert.Single(jsonMessages.Distinct());
        Assert.Single(binaryMessages.Distinct());

        byte[] message = Convert.FromHexString(jsonMessages[0]);
        var fromJson = Assert.IsType<TickMessage>(StreamMessageReader.Read(message));
        message = Convert.FromHexString(binaryMessages[0]);
        int binaryLength = message.Length;
        Assert.Equal(StreamBinaryMessages.TickBytes, binaryLength);
        Assert.Equal((byte)StreamBinaryType.Tick, message[0]);
        var fromBinary = Assert.IsType<TickMessage>(StreamBinaryReader.Read(message.AsSpan(0, binaryLength)));
        Assert.Equal(fromJson, fromBinary);

        // Hand-worked: the header and body of README "Live stream" binary form.
        Assert.Equal("Kite:408065", fromBinary.Instrument);
        Assert.Equal(1520.50m, fromBinary.Price);
        Assert.Equal(7m, fromBinary.Quantity);
        Assert.Equal(12345m, fromBinary.Volume);
        Assert.Null(fromBinary.TradeId);
        Assert.Equal(42, fromBinary.Seq);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(17_676_009_001_234_567L), fromBinary.Time);

        static string Take(StreamClient client)
        {
            byte[] copy = new byte[StreamMessageLog.MaxMessageBytes];
            int length = client.ReadMarket(copy);
            Assert.True(length > 0);
            Assert.Equal(0, client.ReadMarket(copy));
            return Convert.ToHexString(copy.AsSpan(0, length));
        }
    }

    [Fact]
    public void A_trade_a_quote_a_signal_and_indicators_read_into_the_same_records_from_both_forms()
    {
        var trade = default(MarketEvent);
        trade.Header.Kind = EventKind.Tick;
        trade.Header.Instrument = InstrumentId.From(FeedKind.Binance, 7);
        trade.Header.Sequence = 9;
        trade.Header.ExchangeTimeNs = 1_767_600_900_000_000_100L;
        trade.Header.PriceDecimals = 2;
        trade.Header.QuantityDecimals = 5;
        trade.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.IsTrade;
        trade.Tick.LastPrice = 9_876_543;
        trade.Tick.LastQuantity = -1;
        trade.Tick.TradeId = 123_456_789_012;
        StreamItem item = StreamItem.From(in trade);
        byte[] binary = new byte[StreamMessageLog.MaxMessageBytes];
        var fromBinary = Assert.IsType<TickMessage>(StreamBinaryReader.Read(binary.AsSpan(0, StreamBinaryMessages.WriteTick(binary, in item))));
        Assert.Equal(StreamMessageReader.Read(Json(json => StreamMessageWriter.WriteTick(json, in item))), fromBinary);
        Assert.Equal(("trade", "Binance:7", 98765.43m, -0.00001m, 123_456_789_012L), (fromBinary.Type, fromBinary.Instrument, fromBinary.Price, fromBinary.Quantity, fromBinary.TradeId));

        var quote = default(MarketEvent);
        quote.Header.Kind = EventKind.Quote;
        quote.Header.Instrument = InstrumentId.From(FeedKind.Dhan, 1333);
        quote.Header.ReceiveTimeNs = 1_767_600_900_000_000_300L;
        quote.Header.PriceDecimals = 2;
        quote.Quote.BidPrice = 150_000;
        quote.Quote.BidQuantity = 10;
        quote.Quote.AskPrice = 150_005;
        quote.Quote.AskQuantity = 12;
        var quoteBinary = Assert.IsType<QuoteMessage>(StreamBinaryReader.Read(binary.AsSpan(0, StreamBinaryMessages.WriteQuote(binary, in quote.Header, in quote.Quote))));
        Assert.Equal(StreamMessageReader.Read(Json(json => StreamMessageWriter.WriteQuote(json, in quote.Header, in quote.Quote))), quoteBinary);
        Assert.Equal((1500.00m, 1500.05m), (quoteBinary.Bid, quoteBinary.Ask));

        var signal = default(LowLatencyFeed.Processing.Derived.DerivedEvent);
        signal.Header.Kind = LowLatencyFeed.Processing.Derived.DerivedEventKind.Signal;
        signal.Header.Instrument = InstrumentId.From(FeedKind.Kotak, 11536);
        signal.Header.PriceDecimals = 2;
        signal.Header.SourceSequence = 77;
        signal.Header.SourceExchangeTimeNs = 1_767_600_900_500_000_000L;
        signal.Signal.WindowDepth = 5;
        signal.Signal.Side = LowLatencyFeed.Processing.Derived.SignalSide.Sell;
        signal.Signal.PreviousSide = LowLatencyFeed.Processing.Derived.SignalSide.Buy;
        signal.Signal.Imbalance = -0.4125;
        signal.Signal.Threshold = 0.3;
        signal.Signal.WindowBidQuantity = 100;
        signal.Signal.WindowAskQuantity = 240;
        signal.Signal.BestBid = 0;
        signal.Signal.BestAsk = 250_010;
        signal.Signal.ConditionSinceNs = 1_767_600_900_000_000_000L;
        var channel = new SignalStreamChannel();
        var signalBinary = Assert.IsType<SignalMessage>(StreamBinaryReader.Read(binary.AsSpan(0, channel.WriteBinary(binary, in signal))));
        Assert.Equal(StreamMessageReader.Read(Json(json => channel.Write(json, in signal))), signalBinary);
        Assert.Equal((-1, 1, (decimal?)null, (decimal?)2500.10m), (signalBinary.Side, signalBinary.PreviousSide, signalBinary.BestBid, signalBinary.BestAsk));

        var indicator = default(LowLatencyFeed.Processing.Derived.DerivedEvent);
        indicator.Header.Kind = LowLatencyFeed.Processing.Derived.DerivedEventKind.Indicator;
        indicator.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
        indicator.Header.SourceSequence = 88;
        indicator.Indicator.Kind = LowLatencyFeed.Processing.Indicators.IndicatorKind.Macd;
        indicator.Indicator.Period = 12;
        indicator.Indicator.Period2 = 26;
        indicator.Indicator.SignalPeriod = 9;
        indicator.Indicator.BarStartTimeNs = 1_767_600_900_000_000_000L;
        indicator.Indicator.TimeframeNs = 60_000_000_000L;
        indicator.Indicator.ValueCount = 3;
        indicator.Indicator.Value1 = 1.25;
        indicator.Indicator.Value2 = -0.5;
        indicator.Indicator.Value3 = 1.75;
        var indicators = new IndicatorStreamChannel();
        var indicatorBinary = Assert.IsType<IndicatorMessage>(StreamBinaryReader.Read(binary.AsSpan(0, indicators.WriteBinary(binary, in indicator))));
        Assert.Equal(StreamMessageReader.Read(Json(json => indicators.Write(json, in indicator))), indicatorBinary);
        Assert.Equal(("macd(12,26,9)", 60, 1.25, (double?)-0.5, (double?)1.75, (decimal?)null), (indicatorBinary.Label, indicatorBinary.TimeframeSeconds, indicatorBinary.Value, indicatorBinary.Value2, indicatorBinary.Value3, indicatorBinary.ExactValue));
        indicator.Indicator.Kind = LowLatencyFeed.Processing.Indicators.IndicatorKind.Sma;
        indicator.Indicator.ValueCount = 1;
        indicator.Indicator.HasExact = true;
        indicator.Indicator.Exact = 1234.55m;
        var exact = Assert.IsType<IndicatorMessage>(StreamBinaryReader.Read(binary.AsSpan(0, indicators.WriteBinary(binary, in indicator))));
        Assert.Equal(StreamMessageReader.Read(Json(json => indicators.Write(json, in indicator))), exact);
        Assert.Equal(1234.55m, exact.ExactValue);
    }

    [Fact]
    public void A_message_the_log_came_round_over_is_refused_and_a_recent_one_reads_back_whole()
    {
        var log = new StreamMessageLog(64 * 1024);
        byte[] payload = new byte[1000];
        var positions = new List<long>();
        for (int i = 0; i < 200; i++)
        {
            payload.AsSpan().Fill((byte)i);
            positions.Add(log.Append(payload));
        }

        byte[] copy = new byte[StreamMessageLog.MaxMessageBytes];
        Assert.False(log.TryCopy(positions[0], copy, out _));
        Assert.False(log.TryCopy(positions[100], copy, out _));
        Assert.True(log.TryCopy(positions[^1], copy, out int length));
        Assert.Equal(1000, length);
        Assert.All(copy[..length], b => Assert.Equal(199, b));
        Assert.Equal(-1, log.Append(new byte[StreamMessageLog.MaxMessageBytes + 1]));
        Assert.Equal(1, log.Oversized);
    }

    [Fact]
    public async Task A_bad_format_is_an_error_on_the_socket_or_a_400_on_connect()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        using var timeout = new CancellationTokenSource(s_deadline);
        await using FeedStream stream = await api.ConnectStreamAsync(timeout.Token);
        await using IAsyncEnumerator<StreamMessage> replies = stream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        foreach (string request in new[] { """{"subscribe": {"channels": ["ticks"], "format": "xml"}}""", """{"replay": {"format": 1}}""" })
        {
            await stream.SendRawAsync(request, timeout.Token);
            Assert.True(await replies.MoveNextAsync());
            Assert.Contains("'format' must be \"json\" or \"binary\"", Assert.IsType<ErrorMessage>(replies.Current).Message, StringComparison.Ordinal);
        }

        Assert.Equal(WebSocketState.Open, stream.State);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(new Uri(new Uri(host.Host.ApiAddress), "api/stream")) { Scheme = "ws", Query = "format=xml" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, timeout.Token));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_bad_batch_is_an_error_on_the_socket_or_a_400_on_connect_and_a_batched_client_reads_the_same_ticks()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1000, deferSimulator: true, rate: 1000);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        using var timeout = new CancellationTokenSource(s_deadline);
        await using FeedStream plain = await api.ConnectStreamAsync(timeout.Token);
        await using FeedStream batched = await api.ConnectStreamAsync("binary", timeout.Token);
        await using IAsyncEnumerator<StreamMessage> batchedMessages = batched.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await batched.SendRawAsync("""{"subscribe": {"channels": ["ticks"], "batch": "yes"}}""", timeout.Token);
        Assert.Contains("'batch' must be true or false", Assert.IsType<ErrorMessage>(await NextBesidesHeartbeatsAsync(batchedMessages)).Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, batched.State);

        using (var socket = new ClientWebSocket())
        {
            socket.Options.CollectHttpResponseDetails = true;
            var uri = new UriBuilder(new Uri(new Uri(host.Host.ApiAddress), "api/stream")) { Scheme = "ws", Query = "batch=sometimes" }.Uri;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, timeout.Token));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
        }

        // A batched binary client and a plain JSON one read the same ticks and trades.
        await plain.SubscribeAsync(["ticks", "trades"], cancellationToken: timeout.Token);
        await batched.SubscribeAsync(["ticks", "trades"], null, "binary", batch: true, timeout.Token);
        await using IAsyncEnumerator<StreamMessage> plainMessages = plain.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.IsType<SubscriptionMessage>(await NextBesidesHeartbeatsAsync(plainMessages));
        Assert.True(Assert.IsType<SubscriptionMessage>(await NextBesidesHeartbeatsAsync(batchedMessages)).Format == "binary");
        await host.StartSimulatorAsync();
        await host.WaitUntilJournaledAsync(1000, 1000, s_deadline);

        int expected = JournaledTicks(host);
        Assert.True(expected > 50, $"only {expected} ticks and trades");
        Assert.Equal(Canonical(await TicksAsync(plainMessages, expected)), Canonical(await TicksAsync(batchedMessages, expected)));
    }

    [Fact]
    public async Task Firehose_clients_and_clients_listing_every_instrument_receive_the_same_ticks_over_the_socket_json_and_binary_batched_or_not()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1500, deferSimulator: true, rate: 1500);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        using var timeout = new CancellationTokenSource(s_deadline);
        string[] every = [.. host.Instruments.Select(instrument => $"Kite:{instrument.Token}")];
        await using FeedStream listedJson = await api.ConnectStreamAsync(timeout.Token);
        await using FeedStream firehoseJson = await api.ConnectStreamAsync(timeout.Token);
        await using FeedStream listedBinary = await api.ConnectStreamAsync("binary", timeout.Token);
        await using FeedStream firehoseBatched = await api.ConnectStreamAsync("binary", timeout.Token);
        await using FeedStream firehoseJsonBatched = await api.ConnectStreamAsync(timeout.Token);
        await listedJson.SubscribeAsync(["ticks", "trades", "quotes"], every, timeout.Token);
        await firehoseJson.SubscribeAsync(["ticks", "trades", "depth"], cancellationToken: timeout.Token);
        await listedBinary.SubscribeAsync(["ticks", "trades"], every, "binary", batch: true, timeout.Token);
        await firehoseBatched.SubscribeAsync(["ticks", "trades"], null, "binary", batch: true, timeout.Token);
        await firehoseJsonBatched.SubscribeAsync(["ticks", "trades"], null, "json", batch: true, timeout.Token);
        var readers = new List<IAsyncEnumerator<StreamMessage>>();
        foreach (FeedStream stream in new[] { listedJson, firehoseJson, listedBinary, firehoseBatched, firehoseJsonBatched })
        {
            IAsyncEnumerator<StreamMessage> messages = stream.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
            Assert.IsType<SubscriptionMessage>(await NextBesidesHeartbeatsAsync(messages));
            readers.Add(messages);
        }

        try
        {
            await host.StartSimulatorAsync();
            await host.WaitUntilJournaledAsync(1500, 1000, s_deadline);

            int expected = JournaledTicks(host);
            Assert.True(expected > 50, $"only {expected} ticks and trades");
            List<string> reference = Canonical(await TicksAsync(readers[0], expected));
            for (int i = 1; i < readers.Count; i++)
            {
                Assert.Equal(reference, Canonical(await TicksAsync(readers[i], expected)));
            }

            // Three of the five read the tick logs (firehose); the two listing instruments took queue entries.
            Assert.Equal(3, host.Host.Engine.Stream.Clients.Count(client => client.IsFirehose && client.ReadsTickLog));
            Assert.Equal(2, host.Host.Engine.Stream.Clients.Count(client => !client.IsFirehose && !client.ReadsTickLog));
        }
        finally
        {
            foreach (IAsyncEnumerator<StreamMessage> reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private static async Task<StreamMessage> NextBesidesHeartbeatsAsync(IAsyncEnumerator<StreamMessage> messages)
    {
        do
        {
            Assert.True(await messages.MoveNextAsync(), "the stream closed");
        }
        while (messages.Current is HeartbeatMessage);

        return messages.Current;
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<List<StreamMessage>> ReplayAsync(FeedApiClient api, ReplayRequest request)
    {
        using var timeout = new CancellationTokenSource(s_deadline);
        var messages = new List<StreamMessage>();
        await foreach (StreamMessage message in api.ReplayAsync(request, timeout.Token))
        {
            messages.Add(message);
        }

        return messages;
    }

    private static async Task<List<StreamMessage>> TicksAsync(IAsyncEnumerator<StreamMessage> messages, int count)
    {
        var ticks = new List<StreamMessage>();
        while (ticks.Count < count)
        {
            Assert.True(await messages.MoveNextAsync(), $"the stream closed after {ticks.Count} of {count} ticks");
            Assert.IsNotType<GapMessage>(messages.Current);
            if (messages.Current is TickMessage)
            {
                ticks.Add(messages.Current);
            }
        }

        return ticks;
    }

    private static int JournaledTicks(ApiTestHost host)
    {
        int count = 0;
        using JournalCursor cursor = JournalReader.Open(host.Host.Engine.Settings.JournalDirectory, new JournalReaderOptions { DepthSlabs = new DepthSlabPool(4) }).Read();
        while (cursor.MoveNext())
        {
            count += cursor.Current.Header.Kind == EventKind.Tick ? 1 : 0;
        }

        return count;
    }

    // Each record as its JSON with the runtime type's members (arrays and lists by value, decimals with their scale).
    private static List<string> Canonical(IEnumerable<StreamMessage> messages) =>
        [.. messages.Select(message => message.GetType().Name + JsonSerializer.Serialize(message, message.GetType(), s_canonical))];

    private static void WithIndicators(FeedHostOptions options) =>
        options.Processing.Indicators =
        [
            new IndicatorConfig { Timeframe = "1s", Name = "sma", Period = 2 },
            new IndicatorConfig { Timeframe = "1s", Name = "macd", Period = 2, SlowPeriod = 3, SignalPeriod = 2 },
            new IndicatorConfig { Timeframe = "1s", Name = "bollinger", Period = 3, Multiplier = 2 },
        ];
}
