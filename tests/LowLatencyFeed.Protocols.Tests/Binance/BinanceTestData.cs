using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Subscriptions and wire vectors shared by the Binance tests (shapes from Binance/README.md §4).</summary>
internal static class BinanceTestData
{
    public const long ReceiveTime = 1_700_000_000_123_456_789;

    public static readonly InstrumentId BtcUsdt = InstrumentId.From(FeedKind.Binance, 1);
    public static readonly InstrumentId BnbUsdt = InstrumentId.From(FeedKind.Binance, 2);
    public static readonly InstrumentId BnbBtc = InstrumentId.From(FeedKind.Binance, 3);

    /// <summary>BTCUSDT: prices at 2 decimals, quantities at 8; diff depth (Full).</summary>
    public static readonly Subscription BtcUsdtFull = new(BtcUsdt, "btcusdt", "", SubscriptionMode.Full, 2, 8);

    /// <summary>BNBUSDT: prices at 4 decimals, quantities at 8; trade + bookTicker.</summary>
    public static readonly Subscription BnbUsdtQuote = new(BnbUsdt, "bnbusdt", "", SubscriptionMode.Quote, 4, 8);

    /// <summary>BNBBTC: prices at 8 decimals, quantities at 8; partial depth.</summary>
    public static readonly Subscription BnbBtcDepth20 = new(BnbBtc, "BNBBTC", "", SubscriptionMode.Depth20, 8, 8);

    public static readonly Subscription[] All = [BtcUsdtFull, BnbUsdtQuote, BnbBtcDepth20];

    /// <summary>Binance/README.md §4.3 bookTicker sample, verbatim.</summary>
    public const string BookTicker = """{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}""";

    /// <summary>Current spot trade shape (no b/a).</summary>
    public const string Trade = """{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.00100000","q":"100.00000000","T":1672515782134,"m":true,"M":true}""";

    /// <summary>Pre-2024-06-18 trade shape with buyer/seller order ids b/a.</summary>
    public const string LegacyTrade = """{"e":"trade","E":123456789,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","b":88,"a":50,"T":123456785,"m":false,"M":true}""";

    /// <summary>aggTrade shape.</summary>
    public const string AggTrade = """{"e":"aggTrade","E":1672515782136,"s":"BNBBTC","a":12345,"p":"0.001","q":"100","f":100,"l":105,"T":1672515782136,"m":true,"M":true}""";

    /// <summary>Binance/README.md §6: BTCUSDT @depth@100ms, 2021-05-30 (E = 2021-05-30T10:34:22.564Z).</summary>
    public const string Section6Diff = """{"e":"depthUpdate","E":1622370862564,"s":"BTCUSDT","U":11294093710,"u":11294093726,"b":[["35743.98000000","0.00000000"],["35743.87000000","0.00001500"]],"a":[["35743.88000000","0.24000000"],["35743.97000000","0.00000000"]]}""";

    /// <summary>Binance/README.md §4.4 partial depth sample, verbatim (no symbol: it comes from the stream name).</summary>
    public const string PartialDepth = """{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}""";

    public static string Combined(string stream, string data) => "{\"stream\":\"" + stream + "\",\"data\":" + data + "}";

    public static BinanceProtocol Create(BinanceProtocolOptions? options = null, params Subscription[] subscriptions)
        => new(subscriptions.Length == 0 ? All : subscriptions, options);

    public static ReadOnlySequence<byte> Bytes(string json) => new(Encoding.UTF8.GetBytes(json));

    public static int Decode(BinanceProtocol protocol, string json, ref CollectingSink sink, long receiveTime = ReceiveTime)
        => protocol.Decode(Bytes(json), MessageKind.Text, receiveTime, ref sink);

    public static int Decode(BinanceProtocol protocol, in ReadOnlySequence<byte> message, ref CollectingSink sink, long receiveTime = ReceiveTime)
        => protocol.Decode(message, MessageKind.Text, receiveTime, ref sink);

    /// <summary>Builds a depthUpdate JSON with the given levels (price/qty as decimal strings).</summary>
    public static string DepthUpdate(string symbol, long first, long final, long eventTime, (string Price, string Qty)[] bids, (string Price, string Qty)[] asks)
    {
        var sb = new StringBuilder();
        sb.Append("{\"e\":\"depthUpdate\",\"E\":").Append(eventTime).Append(",\"s\":\"").Append(symbol)
          .Append("\",\"U\":").Append(first).Append(",\"u\":").Append(final).Append(",\"b\":");
        AppendLevels(sb, bids);
        sb.Append(",\"a\":");
        AppendLevels(sb, asks);
        sb.Append('}');
        return sb.ToString();
    }

    public static void AppendLevels(StringBuilder sb, (string Price, string Qty)[] levels)
    {
        sb.Append('[');
        for (int i = 0; i < levels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append("[\"").Append(levels[i].Price).Append("\",\"").Append(levels[i].Qty).Append("\"]");
        }

        sb.Append(']');
    }

    /// <summary>The bid and ask levels of an inline depth event.</summary>
    public static (DepthLevel[] Bids, DepthLevel[] Asks) Levels(in MarketEvent e)
    {
        ReadOnlySpan<DepthLevel> levels = e.Depth.Levels;
        return (levels[..e.Depth.BidCount].ToArray(), levels.Slice(e.Depth.BidCount, e.Depth.AskCount).ToArray());
    }

    public static BinanceDepthUpdateIds Ids(in MarketEvent e, DepthSlabPool? slabs = null)
    {
        Assert.True(BinanceDepthWriter.TryReadUpdateIds(in e, slabs, out BinanceDepthUpdateIds ids), "depth event carries no update ids");
        return ids;
    }

    /// <summary>Events compared byte for byte (MarketEvent's overlapping union defeats reflection equality).</summary>
    public static void AssertSameEvents(MarketEvent[] expected, MarketEvent[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(
            MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(),
            MemoryMarshal.AsBytes(actual.AsSpan()).ToArray());
    }
}
