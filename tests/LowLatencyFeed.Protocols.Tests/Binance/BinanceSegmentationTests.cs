using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>A message split at any byte, or into one-byte segments, decodes exactly as the contiguous message.</summary>
public sealed class BinanceSegmentationTests
{
    public static TheoryData<string> Messages() => new()
    {
        BookTicker,
        Trade,
        LegacyTrade,
        AggTrade,
        Section6Diff,
        Combined("bnbbtc@depth20@100ms", PartialDepth),
        Combined("btcusdt@depth@100ms", Section6Diff),
        "{\"data\":" + PartialDepth + ",\"stream\":\"bnbbtc@depth5\"}",
        """{"result":null,"id":312}""",
        """{"u":1,"s":"BNB\u0055SDT","b":"\u00325.35190000","B":"1","a":"25.3652","A":"1"}""",
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Split_at_every_byte_decodes_like_the_contiguous_message(string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        MarketEvent[] expected = DecodeAll(data, whole: true, cut: 0);
        Assert.NotNull(expected);

        for (int cut = 0; cut <= data.Length; cut++)
        {
            AssertSameEvents(expected, DecodeAll(data, whole: false, cut));
        }

        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(16);
        Decode(protocol, SegmentedSequence.Chunked(data, 1), ref sink);
        AssertSameEvents(expected, sink.ToArray());
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Split_at_every_pair_of_bytes_into_three_segments_decodes_the_same(string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        MarketEvent[] expected = DecodeAll(data, whole: true, cut: 0);
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(16);
        for (int a = 1; a < data.Length; a += 3)
        {
            for (int b = a; b < data.Length; b += 5)
            {
                sink.Clear();
                Decode(protocol, SegmentedSequence.Split(data, a, b), ref sink);
                AssertSameEvents(expected, sink.ToArray());
            }
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    private static MarketEvent[] DecodeAll(byte[] data, bool whole, int cut)
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(16);
        if (whole)
        {
            Decode(protocol, new System.Buffers.ReadOnlySequence<byte>(data), ref sink);
        }
        else
        {
            Decode(protocol, SegmentedSequence.Split(data, cut), ref sink);
        }

        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        return sink.ToArray();
    }
}
