using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Host.Tests.Research;

/// <summary>
/// A trained model's signals, as the live scoring stage put them on the derived ring, reach the <c>signals</c> stream
/// channel and <c>GET /api/signals</c> in JSON with the same values: side, probabilities, confidence, the model's
/// version as 16 hex digits, the bar's start and end (top README, "Live stream"; Research README, "Live scoring").
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ModelSignalApiTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(180);
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-scoring-api-").FullName;

    public ModelSignalApiTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Model_signals_reach_the_stream_and_the_signals_endpoint_with_the_scorers_values()
    {
        string model = ScoringFixtures.TrainModel(_directory);
        string version = ModelFile.Load(model).Manifest.Version;

        // A day ahead of the wall clock, so the host's clock events (wall time) never close these bars: ticks do.
        long startNs = ((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) + 86_400) * 1_000_000_000L;
        List<LowLatencyFeed.Core.Events.MarketEvent[]> minutes = ScoringFixtures.Minutes(_directory, minutes: 90, seed: 7, startNs);
        var feed = new ScriptedFeed();
        var options = new FeedHostOptions
        {
            DataDirectory = Path.Combine(_directory, "data"),
            MetricsUrl = "http://127.0.0.1:0",
            Feeds =
            [
                new FeedOptions
                {
                    Name = feed.Name,
                    Protocol = "binance",
                    Url = "ws://127.0.0.1:9/unused",
                    Instruments = [new InstrumentOptions { Token = 42, Symbol = "SYNTH", PriceDecimals = 2, QuantityDecimals = 0 }],
                },
            ],
            Processing = new ProcessingOptions { Timeframes = ["1m"], SignalsEnabled = false, Scoring = new ScoringOptions { Model = model } },
            Database = new DatabaseOptions { ConnectionString = _postgres.CreateDatabase("scoringapi"), PrivateCluster = false, MaxBatchAgeMilliseconds = 10 },
        };
        await using FeedHost host = await FeedHost.StartAsync(options, (_, _) => [feed], []);
        Assert.True(host.Engine.Scoring is not null, host.Engine.ScoringRefusal);

        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri(host.ApiAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/stream"), CancellationToken.None);
        await client.SendAsync(Encoding.UTF8.GetBytes("""{"subscribe": {"channels": ["signals"], "instruments": ["Binance:42"]}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("subscribed", (await ReceiveAsync(client)).GetProperty("type").GetString());

        long sent = minutes.Sum(minute => minute.Length);
        feed.Send(minutes.SelectMany(minute => minute));
        StageInfo scoring = host.Engine.Stages.Single(stage => stage.Name == "scoring");
        DateTime deadline = DateTime.UtcNow + s_deadline;
        while (feed.Published < sent || scoring.Lag() != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"published {feed.Published} of {sent}, scoring lag {scoring.Lag()}");
            await Task.Delay(50);
        }

        List<DerivedEvent> scored = ScoringFixtures.ModelSignals(host.Engine.DerivedRing);
        Assert.True(scored.Count >= 40, $"{scored.Count} signals scored");
        Assert.Contains(scored, signal => signal.Signal.Side != SignalSide.Flat);

        // The stream: one signal message per scored bar, in order.
        var streamed = new List<JsonElement>();
        while (streamed.Count < scored.Count)
        {
            JsonElement message = await ReceiveAsync(client);
            string? type = message.GetProperty("type").GetString();
            Assert.True(type is "signal" or "heartbeat", $"unexpected message {message}");
            if (type == "signal")
            {
                Assert.Equal("Binance:42", message.GetProperty("instrument").GetString());
                streamed.Add(message);
            }
        }

        for (int i = 0; i < scored.Count; i++)
        {
            AssertSame(scored[i], streamed[i], version, $"stream message {i}");
        }

        // The endpoint: the same signals once the writer has stored them.
        string from = DateTimeOffset.FromUnixTimeMilliseconds(startNs / 1_000_000).ToString("O", CultureInfo.InvariantCulture);
        string to = DateTimeOffset.FromUnixTimeMilliseconds(startNs / 1_000_000).AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        string query = $"api/signals?instrument=Binance:42&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&limit=10000";
        using var http = new HttpClient { BaseAddress = new Uri(host.ApiAddress + "/"), Timeout = TimeSpan.FromSeconds(30) };
        JsonElement rows;
        while (true)
        {
            using JsonDocument document = JsonDocument.Parse(await http.GetStringAsync(query));
            rows = document.RootElement.Clone();
            if (rows.GetArrayLength() >= scored.Count)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{rows.GetArrayLength()} of {scored.Count} signals stored");
            await Task.Delay(100);
        }

        Assert.Equal(scored.Count, rows.GetArrayLength());
        for (int i = 0; i < scored.Count; i++)
        {
            AssertSame(scored[i], rows[i], version, $"/api/signals row {i}");
        }
    }

    /// <summary>Every member the scorer set, against the derived event it published.</summary>
    private static void AssertSame(in DerivedEvent expected, JsonElement actual, string version, string what)
    {
        ref readonly SignalValues s = ref expected.Signal;
        Assert.True(expected.Header.SourceSequence == actual.GetProperty("seq").GetInt64(), $"{what}: seq");
        Assert.True(Time(expected.Header.SourceExchangeTimeNs) == actual.GetProperty("time").GetDateTimeOffset(), $"{what}: time = bar end");
        Assert.True(Time(s.ConditionSinceNs) == actual.GetProperty("conditionSince").GetDateTimeOffset(), $"{what}: conditionSince = bar start");
        Assert.True(actual.GetProperty("windowDepth").GetInt32() == -1, $"{what}: windowDepth");
        Assert.True((int)s.Side == actual.GetProperty("side").GetInt32(), $"{what}: side");
        Assert.True((int)s.PreviousSide == actual.GetProperty("previousSide").GetInt32(), $"{what}: previousSide");
        Assert.True(s.Imbalance == actual.GetProperty("imbalance").GetDouble(), $"{what}: imbalance {s.Imbalance:R} vs {actual.GetProperty("imbalance")}");
        Assert.True(s.Confidence == actual.GetProperty("confidence").GetDouble(), $"{what}: confidence {s.Confidence:R} vs {actual.GetProperty("confidence")}");
        Assert.True(s.Confidence > 0 && s.Confidence <= 1, $"{what}: confidence is a probability");
        Assert.True(version == actual.GetProperty("modelVersion").GetString(), $"{what}: modelVersion {actual.GetProperty("modelVersion")} vs {version}");
    }

    private static DateTimeOffset Time(long unixNs) => DateTimeOffset.UnixEpoch.AddTicks(unixNs / 100);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket client)
    {
        using var timeout = new CancellationTokenSource(s_deadline);
        var buffer = new byte[1 << 16];
        int length = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result = await client.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.True(result.MessageType != WebSocketMessageType.Close, $"closed: {client.CloseStatusDescription}");
            length += result.Count;
            if (result.EndOfMessage)
            {
                using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, length));
                return document.RootElement.Clone();
            }
        }
    }
}
