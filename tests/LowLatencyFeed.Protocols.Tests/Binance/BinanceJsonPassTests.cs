using System.Buffers;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using LowLatencyFeed.TestSupport;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>
/// The one-pass JSON scanner (Binance/README.md §7.1): any key order, unknown keys, whitespace and escapes decode to the
/// same events as the canonical message; every kind of malformed JSON is BadJson, counted without an exception or an
/// allocation; JSON that System.Text.Json rejects never publishes.
/// </summary>
public sealed class BinanceJsonPassTests
{
    public static TheoryData<string> Messages() => new()
    {
        BookTicker,
        Trade,
        LegacyTrade,
        AggTrade,
        Section6Diff,
        Combined("bnbbtc@trade", Trade),
        Combined("bnbbtc@depth20@100ms", PartialDepth),
        Combined("btcusdt@depth@100ms", Section6Diff),
        Combined("bnbusdt@bookTicker", BookTicker),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Keys_in_reverse_order_decode_to_the_same_events(string json)
    {
        MarketEvent[] expected = DecodeAll(json);
        Assert.NotEmpty(expected);

        AssertSameEvents(expected, DecodeAll(Rewrite(json, reverse: true, extras: false, spaced: false)));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Unknown_keys_of_every_kind_and_whitespace_everywhere_are_ignored(string json)
    {
        MarketEvent[] expected = DecodeAll(json);

        AssertSameEvents(expected, DecodeAll(Rewrite(json, reverse: false, extras: true, spaced: true)));
        AssertSameEvents(expected, DecodeAll(Rewrite(json, reverse: true, extras: true, spaced: true)));
    }

    [Fact]
    public void Escaped_keys_types_symbols_and_decimals_decode_like_plain_text()
    {
        MarketEvent[] expected = DecodeAll(Combined("bnbbtc@trade", Trade));
        string escaped = """{"str\u0065am":"bnb\u0062tc@trade","data":{"\u0065":"tr\u0061de","E":1672515782136,"s":"BNB\u0042TC","t":12345,"\u0070":"0.00\u003100000","q":"100.00000000","T":1672515782134,"m":true,"M":"\"\\\/\b\f\n\r\t\uD83D\uDE00"}}""";

        AssertSameEvents(expected, DecodeAll(escaped));
    }

    [Fact]
    public void A_price_before_the_symbol_is_read_again_once_the_symbol_is_known()
    {
        MarketEvent[] expected = DecodeAll(Trade);

        AssertSameEvents(expected, DecodeAll("""{"p":"0.00100000","q":"100.00000000","e":"trade","E":1672515782136,"t":12345,"T":1672515782134,"m":true,"M":true,"s":"BNBBTC"}"""));
    }

    [Theory]
    [InlineData("""{"e":"trade","s":"BNBBTC","p":"0.001}""")]                       // string not closed
    [InlineData("{\"e\":\"trade\",\"s\":\"BNB\tBTC\",\"t\":1,\"p\":\"1\",\"q\":\"1\"}")] // control character in a string
    [InlineData("""{"e":"trade","s":"BNB\xBTC","t":1,"p":"1","q":"1"}""")]           // unknown escape
    [InlineData("""{"e":"trade","s":"BNB\u00GGBTC","t":1,"p":"1","q":"1"}""")]       // \u without four hex digits
    [InlineData("""{"e":"trade","E":01,"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]      // leading zero
    [InlineData("""{"e":"trade","E":1.,"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]      // no digit after the point
    [InlineData("""{"e":"trade","E":-,"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]       // a sign alone
    [InlineData("""{"e":"trade","E":1e,"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]      // empty exponent
    [InlineData("""{"e":"trade","E":+1,"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]      // plus sign
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1","m":tru}""")]     // literal cut short
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1","M":nul}""")]
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1","m":True}""")]    // literals are lowercase
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1",}""")]            // trailing comma in an object
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["1","2"],],"a":[]}""")] // trailing comma in an array
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["1","2",]],"a":[]}""")] // trailing comma in a level
    [InlineData("""{"e":"trade","s""BNBBTC","t":1,"p":"1","q":"1"}""")]              // no colon
    [InlineData("""{"e":"trade" "s":"BNBBTC","t":1,"p":"1","q":"1"}""")]             // no comma
    [InlineData("""{'e':'trade'}""")]                                                 // single quotes
    [InlineData("""{"e":"trade",/*c*/"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]        // comment
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1","x":NaN}""")]     // not a JSON value
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1"}}""")]            // data after the object
    [InlineData("{\"e\":\"trade\",\"s\":\"BNBBTC\",\"t\":1,\"p\":\"1\",\"q\":\"1\\\"")] // string, then object, not closed
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":5,"b":[["1","2"]""")] // array not closed
    [InlineData("""{"e":"trade","x":{"y":[1,2}],"s":"BNBBTC","t":1,"p":"1","q":"1"}""")]  // brackets crossed in a skipped value
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","s":"BNBBTC","t":1,"p":"1","q":"1"}""")] // wrapper not closed
    [InlineData("""{1:2}""")]                                                         // key not a string
    [InlineData("{\"e\":\"trade\",\"s\":\"BNBBTC\",\"t\":1,\"p\":\"1\",\"q\":\"1\"}\u0000")] // NUL after the object
    [InlineData("""{"e" : "trade" , "s" : "BNBBTC" , "t" : 1 , "p" : "1" , "q" : "1" } x""")]
    public void Malformed_json_is_bad_json_without_an_exception_or_an_allocation(string json)
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(8);
        ReadOnlySequence<byte> message = Bytes(json);
        ReadOnlySequence<byte> segmented = SegmentedSequence.Chunked(Encoding.UTF8.GetBytes(json), 5);
        Decode(protocol, message, ref sink); // the first error of a reason is described (and formatted) once
        Decode(protocol, segmented, ref sink);

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
            for (int i = 0; i < 50; i++)
            {
                Decode(protocol, message, ref sink);
                Decode(protocol, segmented, ref sink);
            }
        });
        AppDomain.CurrentDomain.FirstChanceException -= Count;

        Assert.Equal(0, sink.Count);
        Assert.False(sink.HasUnpublishedClaim);
        long expectedErrors = 2 + (100L * windows.Count);
        Assert.Equal(expectedErrors, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
        Assert.Equal(expectedErrors, protocol.Diagnostics.TotalErrors);
        Assert.Equal(0, exceptions);
        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
        Assert.ThrowsAny<JsonException>(() => ReadToEnd(Encoding.UTF8.GetBytes(json))); // and System.Text.Json agrees it is not JSON
    }

    [Fact]
    public void Nesting_of_64_is_accepted_and_of_65_is_bad_json()
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(8);

        // The message object is depth 1: 63 more arrays reach 64.
        Assert.Equal(1, Decode(protocol, BookTicker[..^1] + ",\"x\":" + new string('[', 63) + new string(']', 63) + "}", ref sink));
        Assert.Equal(0, Decode(protocol, BookTicker[..^1] + ",\"x\":" + new string('[', 64) + new string(']', 64) + "}", ref sink));

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.BadJson));
        Assert.Equal(1, protocol.Diagnostics.TotalErrors);
    }

    /// <summary>Whatever a mutation does, JSON that System.Text.Json rejects is counted as an error and publishes nothing.</summary>
    [Fact]
    public void Json_that_system_text_json_rejects_never_publishes()
    {
        var random = new Random(20261207);
        string[] seeds = [BookTicker, Trade, AggTrade, Section6Diff, Combined("bnbbtc@depth20@100ms", PartialDepth), Combined("btcusdt@depth@100ms", Section6Diff)];
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(64);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] data = Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Length)]);
            for (int edits = 1 + random.Next(2); edits > 0; edits--)
            {
                data[random.Next(data.Length)] = "{}[],:\"0.-e\\ tfn19"u8[random.Next(18)];
            }

            bool valid;
            try
            {
                ReadToEnd(data);
                valid = true;
            }
            catch (JsonException)
            {
                valid = false;
            }

            if (valid)
            {
                continue;
            }

            rejected++;
            long errors = protocol.Diagnostics.TotalErrors;
            sink.Clear();
            Assert.Equal(0, Decode(protocol, new ReadOnlySequence<byte>(data), ref sink));
            Assert.Equal(0, sink.Count);
            Assert.Equal(errors + 1, protocol.Diagnostics.TotalErrors);
        }

        Assert.True(rejected > 5_000, $"only {rejected} mutations were invalid JSON");
    }

    private static void ReadToEnd(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
        }

        if (reader.BytesConsumed == 0)
        {
            throw new JsonException("empty");
        }
    }

    private static MarketEvent[] DecodeAll(string json)
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(16);
        Decode(protocol, json, ref sink);
        Assert.True(protocol.Diagnostics.TotalErrors == 0, protocol.Diagnostics.LastMessage);
        var segmented = new CollectingSink(16);
        Decode(protocol, SegmentedSequence.Chunked(Encoding.UTF8.GetBytes(json), 3), ref segmented);
        Assert.True(protocol.Diagnostics.TotalErrors == 0, protocol.Diagnostics.LastMessage);
        MarketEvent[] events = sink.ToArray();
        AssertSameEvents(events, segmented.ToArray());
        return events;
    }

    /// <summary>Writes <paramref name="json"/> again: members reversed, unknown members of every kind added, whitespace between all tokens.</summary>
    private static string Rewrite(string json, bool reverse, bool extras, bool spaced)
    {
        using var document = JsonDocument.Parse(json);
        var sb = new StringBuilder();
        Write(sb, document.RootElement, reverse, extras, spaced ? " \t\r\n " : "");
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement element, bool reverse, bool extras, string space)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            sb.Append(element.GetRawText());
            return;
        }

        var members = element.EnumerateObject().ToList();
        if (reverse)
        {
            members.Reverse();
        }

        sb.Append('{').Append(space);
        if (extras)
        {
            sb.Append("\"zz\"").Append(space).Append(':').Append(space)
              .Append("{\"a\":[1,-2.5e+3,true,false,null,{\"b\":\"\\\"}\"}],\"c\":{}}").Append(space).Append(',').Append(space)
              .Append("\"ee\":[]").Append(space).Append(',').Append(space)
              .Append("\"X\":-0.0E-0").Append(space).Append(',').Append(space);
        }

        for (int i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(space).Append(',').Append(space);
            }

            sb.Append(JsonSerializer.Serialize(members[i].Name)).Append(space).Append(':').Append(space);
            Write(sb, members[i].Value, reverse, extras, space);
        }

        sb.Append(space).Append('}');
    }
}
