using System.Buffers;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using LowLatencyFeed.TestSupport;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Each kind of bad input is counted under its reason, publishes nothing, and does not disturb later messages.</summary>
public sealed class BinanceBadInputTests
{
    [Theory]
    [InlineData("""{"e":"trade","s":"BNBBTC","p":"0.001""", ParseErrorReason.BadJson)]                       // truncated
    [InlineData("""{"e":"trade",,"s":"BNBBTC"}""", ParseErrorReason.BadJson)]                                 // syntax
    [InlineData("""not json""", ParseErrorReason.BadJson)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"25.35191","B":"1","a":"1","A":"1"}""", ParseErrorReason.BadNumber)] // 5th price decimal at scale 4
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"abc","B":"1","a":"1","A":"1"}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"1e5","B":"1","a":"1","A":"1"}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"e":"trade","E":1.5,"s":"BNBBTC","t":1,"p":"1","q":"1"}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"e":"trade","E":99999999999999999999,"s":"BNBBTC","t":1,"p":"1","q":"1"}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"e":"trade","E":"1","s":"BNBBTC","t":1,"p":"1","q":"1"}""", ParseErrorReason.BadJson)]
    [InlineData("""{"e":"trade","E":1,"s":"ETHUSDT","t":1,"p":"1","q":"1"}""", ParseErrorReason.UnknownInstrument)]
    [InlineData("""{"e":"trade","E":1,"t":1,"p":"1","q":"1"}""", ParseErrorReason.UnknownInstrument)]
    [InlineData("""{"e":"trade","E":1,"s":"BNBBTC","t":1,"q":"1"}""", ParseErrorReason.BadJson)]              // no price
    [InlineData("""{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"-1","q":"1"}""", ParseErrorReason.InvalidValue)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"1","B":"1"}""", ParseErrorReason.BadJson)]                      // one-sided bookTicker
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","u":5,"b":[],"a":[]}""", ParseErrorReason.BadJson)] // no U
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":6,"u":5,"b":[],"a":[]}""", ParseErrorReason.InvalidValue)]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["1"]],"a":[]}""", ParseErrorReason.BadJson)]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":["1","2"],"a":[]}""", ParseErrorReason.BadJson)]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["1.001","2"]],"a":[]}""", ParseErrorReason.BadNumber)]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["1","-2"]],"a":[]}""", ParseErrorReason.InvalidValue)]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["0","2"]],"a":[]}""", ParseErrorReason.InvalidValue)]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":{},"a":[]}""", ParseErrorReason.BadJson)]
    [InlineData("""{"lastUpdateId":1,"bids":[],"stream":"x"}""", ParseErrorReason.UnknownInstrument)]
    [InlineData("""{"stream":"bnbbtc@depth5","data":{"lastUpdateId":1,"bids":[]}}""", ParseErrorReason.BadJson)] // no asks
    [InlineData("""{"stream":"bnbbtc@trade","data":"oops"}""", ParseErrorReason.BadJson)]
    [InlineData("""{"x":1}""", ParseErrorReason.UnknownMessageCode)]
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1"} {}""", ParseErrorReason.BadJson)]          // trailing value
    public void Bad_message_is_counted_under_its_reason_and_publishes_nothing(string json, ParseErrorReason reason)
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(8);

        Assert.Equal(0, Decode(protocol, json, ref sink));

        Assert.Equal(0, sink.Count);
        Assert.False(sink.HasUnpublishedClaim);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(reason));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
        Assert.Contains(reason.ToString(), protocol.Diagnostics.LastMessage);

        // The next good message still decodes.
        Assert.Equal(1, Decode(protocol, BookTicker, ref sink));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
    }

    /// <summary>
    /// Escaped text that does not decode to valid UTF-8 (a stray byte, a lone surrogate) is rejected like any unusable
    /// text, without an exception: the fuzzer found Utf8JsonReader.CopyString throwing (216 bytes allocated) on a key
    /// <c>"\xF3\\reqm"</c>, once per such frame.
    /// </summary>
    [Theory]
    [InlineData("{\"\xF3\\reqm\":\"bnbusdt@depth@100ms\",\"Data\":{}}", ParseErrorReason.UnknownMessageCode)]   // escaped key, stray byte
    [InlineData("{\"e\":\"trade\",\"E\":1,\"s\":\"BNB\\u0042TC\xF3\",\"t\":1,\"p\":\"1\",\"q\":\"1\"}", ParseErrorReason.UnknownInstrument)] // escaped symbol, stray byte
    [InlineData("{\"u\":1,\"s\":\"BNBUSDT\",\"b\":\"\\uD800\",\"B\":\"1\",\"a\":\"1\",\"A\":\"1\"}", ParseErrorReason.BadNumber)]       // lone surrogate
    public void Escaped_text_that_is_not_valid_utf8_is_rejected_without_an_exception_or_allocation(string latin1, ParseErrorReason reason)
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(8);
        var message = new ReadOnlySequence<byte>(System.Text.Encoding.Latin1.GetBytes(latin1));
        Assert.Equal(0, Decode(protocol, message, ref sink)); // warm-up: the first error of a reason is described once

        int thread = Environment.CurrentManagedThreadId;
        int exceptions = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                exceptions++;
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        IReadOnlyList<long> windows = AllocationWindows.UntilZero(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                Decode(protocol, message, ref sink);
            }
        });
        AppDomain.CurrentDomain.FirstChanceException -= Count;

        long expectedErrors = 1 + (100L * windows.Count);
        Assert.Equal(0, sink.Count);
        Assert.Equal(expectedErrors, protocol.Diagnostics.ErrorCount(reason));
        Assert.Equal(expectedErrors, protocol.Diagnostics.TotalErrors);
        Assert.Equal(0, exceptions);
        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
    }

    [Fact]
    public void Too_many_levels_on_one_side_is_an_invalid_value()
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false, MaxLevelsPerSide = 2 });
        var sink = new CollectingSink(8);

        Decode(protocol, DepthUpdate("BTCUSDT", 1, 2, 1, [("1", "1"), ("2", "1"), ("3", "1")], []), ref sink);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.InvalidValue));
    }

    [Fact]
    public void Binary_and_empty_messages_are_counted()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Assert.Equal(0, protocol.Decode(Bytes("{}"), MessageKind.Binary, ReceiveTime, ref sink));
        Assert.Equal(0, protocol.Decode(ReadOnlySequence<byte>.Empty, MessageKind.Text, ReceiveTime, ref sink));

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Garbage));
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Equal(2, protocol.Diagnostics.Messages);
    }

    [Fact]
    public void Deeply_nested_input_fails_as_bad_json_without_throwing()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Decode(protocol, "{\"x\":" + new string('[', 5000) + new string(']', 5000) + "}", ref sink);

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
    }

    [Fact]
    public void Error_log_line_names_the_offset_and_hex_excerpt()
    {
        var protocol = Create();
        var sink = new CollectingSink(8);

        Decode(protocol, """{"u":1,"s":"BNBUSDT","b":"abc","B":"1","a":"1","A":"1"}""", ref sink);

        // The bad value starts at byte 25 (its opening quote).
        Assert.StartsWith("binance#0: BadNumber at offset 25: a price is not a decimal", protocol.Diagnostics.LastMessage);
        Assert.Contains("bytes [", protocol.Diagnostics.LastMessage);
    }
}
