using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>REST depth snapshot bodies parsed into the preallocated snapshot.</summary>
public sealed class BinanceDepthSnapshotParserTests
{
    [Fact]
    public void Rest_sample_is_parsed_exactly()
    {
        var snapshot = new BinanceDepthSnapshot(10, 8, 8);

        // Binance/README.md §4.6: the REST sample.
        Assert.True(BinanceDepthSnapshotParser.TryParse(
            Encoding.UTF8.GetBytes("""{"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"]],"asks":[["4.00000200","12.00000000"]]}"""),
            snapshot,
            out _,
            out string? detail));

        Assert.Null(detail);
        Assert.Equal(1027024, snapshot.LastUpdateId);
        Assert.Equal([new DepthLevel(400_000_000, 43_100_000_000, 0)], snapshot.Bids.ToArray());
        Assert.Equal([new DepthLevel(400_000_200, 1_200_000_000, 0)], snapshot.Asks.ToArray());
    }

    [Theory]
    [InlineData("""{"code":-1121,"msg":"Invalid symbol."}""", ParseErrorReason.UnknownMessageCode)]
    [InlineData("""{"lastUpdateId":1,"bids":[]}""", ParseErrorReason.BadJson)]
    [InlineData("""{"lastUpdateId":-1,"bids":[],"asks":[]}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"lastUpdateId":1,"bids":[["1.000000001","1"]],"asks":[]}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"lastUpdateId":1,"bids":[["1","1"],["2","1"],["3","1"]],"asks":[]}""", ParseErrorReason.InvalidValue)]
    [InlineData("""{"lastUpdateId":1,"bids":[""", ParseErrorReason.BadJson)]
    [InlineData("""[]""", ParseErrorReason.BadJson)]
    public void Bad_bodies_fail_with_a_reason(string json, ParseErrorReason reason)
    {
        var snapshot = new BinanceDepthSnapshot(2, 8, 8);

        Assert.False(BinanceDepthSnapshotParser.TryParse(Encoding.UTF8.GetBytes(json), snapshot, out ParseErrorReason actual, out string? detail));

        Assert.Equal(reason, actual);
        Assert.False(string.IsNullOrEmpty(detail));
    }
}
