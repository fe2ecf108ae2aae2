using System.Globalization;
using System.Net;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Host.Tests.Api;

public sealed class ApiLiveBookTests
{
    [Fact]
    public async Task The_live_book_equals_the_last_depth_the_simulator_sent()
    {
        // 1,500 messages over 5 s: the mode request that follows the subscription lands long before the last one,
        // so depth packets are sent (sent at full speed on a loaded machine, they could all precede it).
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1500, rate: 300);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (host.Simulator.Connections.FirstOrDefault(c => c.MessagesSent == 1500) is null
            || host.Host.Engine.Feeds[0].Diagnostics.Events < host.Simulator.Connections[0].GetSentEvents().Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the engine did not receive every event within 90 s");
            await Task.Delay(20);
        }

        // The instrument of the last depth update sent: which instruments got full-mode packets depends on when the
        // mode request landed, so the test follows the data instead of assuming the first instrument has depth.
        MarketEvent last = host.Simulator.Connections[0].GetSentEvents().Last(e => e.Header.Kind == EventKind.Depth);
        string id = $"Kite:{host.Instruments.Single(i => InstrumentId.From(FeedKind.Kite, i.Token) == last.Header.Instrument).Token}";
        DepthLevel[] levels = last.Depth.Levels[..(last.Depth.BidCount + last.Depth.AskCount)].ToArray();
        DepthLevel[] bids = levels[..last.Depth.BidCount];
        DepthLevel[] asks = levels[last.Depth.BidCount..];
        string Expected(DepthLevel[] side, int count) => string.Join(" ", side.Take(count).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Price / 100m:0.00}x{l.Quantity}/{l.Orders}")));
        static string Actual(JsonElement side) => string.Join(" ", side.EnumerateArray().Select(l => $"{l.GetProperty("price").GetRawText()}x{l.GetProperty("quantity").GetRawText()}/{l.GetProperty("orders").GetInt32()}"));

        // The book stage publishes at batch end: wait until its view reaches the last update.
        JsonElement book = default;
        while (true)
        {
            using JsonDocument document = await ApiHistoryTests.GetJson(host, $"api/books/{id}?levels=3");
            book = document.RootElement.Clone();
            if (Actual(book.GetProperty("bids")) == Expected(bids, 3) && Actual(book.GetProperty("asks")) == Expected(asks, 3))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"book {book} never matched the last depth sent");
            await Task.Delay(20);
        }

        long bidQuantity = bids.Sum(l => l.Quantity);
        long askQuantity = asks.Sum(l => l.Quantity);
        Assert.Equal(bids.Length, book.GetProperty("bidLevels").GetInt32());
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{(asks[0].Price - bids[0].Price) / 100m:0.00}"), book.GetProperty("spread").GetRawText());
        Assert.Equal((double)(bidQuantity - askQuantity) / (bidQuantity + askQuantity), book.GetProperty("imbalance").GetDouble(), 12);
        long top3Bid = bids.Take(3).Sum(l => l.Quantity);
        long top3Ask = asks.Take(3).Sum(l => l.Quantity);
        Assert.Equal((double)(top3Bid - top3Ask) / (top3Bid + top3Ask), book.GetProperty("returnedImbalance").GetDouble(), 12);
        decimal micro = ((bids[0].Price * (decimal)asks[0].Quantity) + (asks[0].Price * (decimal)bids[0].Quantity)) / (bids[0].Quantity + asks[0].Quantity);
        Assert.Equal(decimal.Round(micro, 0, MidpointRounding.AwayFromZero) / 100m, book.GetProperty("microprice").GetDecimal());
        Assert.Equal(id, book.GetProperty("instrument").GetString());
    }

    [Fact]
    public async Task Book_requests_out_of_bounds_are_refused()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1);
        foreach (var (path, status, parameter) in new[]
        {
            ($"api/books/{host.FirstId}?levels=201", HttpStatusCode.BadRequest, "levels"),
            ($"api/books/{host.FirstId}?levels=0", HttpStatusCode.BadRequest, "levels"),
            ("api/books/Kite:999", HttpStatusCode.NotFound, "instrument"),
        })
        {
            using var response = await host.Http.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        }
    }
}
