using System.Text;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Decoding;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kotak;
using LowLatencyFeed.Protocols.Tests.Dhan;
using LowLatencyFeed.Protocols.Tests.Kotak;

namespace LowLatencyFeed.Protocols.Tests.Decoding;

/// <summary>The decode tool's output for known captures: one JSON line per event, error, message and run.</summary>
public sealed class PacketDecoderTests
{
    private static readonly string s_dhanCapture = string.Join(
        '\n',
        "# Dhan capture: worked example, ticker + disconnect in one message, a bad line, two unknown packets",
        DhanTestData.Full1333Hex,
        "0000: 02 10 00 01 35 05 00 00 00 88 c9 44 d8 e1 84 66  32 0a 00 01 00 00 00 00 25 03",
        "0210000135050000zz",
        "63080001 35050000 63080001 35050000",
        string.Empty);

    [Fact]
    public void Dhan_hex_capture_prints_every_event_error_and_summary()
    {
        (int exit, string[] lines) = Run("dhan", s_dhanCapture, hex: true);

        Assert.Equal(PacketDecoder.ExitErrors, exit);
        Assert.Equal(11, lines.Length);

        // The worked example's tick, every field as an exact decimal.
        Assert.Equal(
            "{\"type\":\"event\",\"message\":2,\"index\":0,\"kind\":\"Tick\",\"feed\":\"Dhan\",\"instrument\":\"Dhan:1333\",\"token\":1333,\"brokerKey\":\"1333\",\"session\":0,"
            + "\"flags\":\"None\",\"priceDecimals\":2,\"quantityDecimals\":0,\"exchangeTimeNs\":1719984600000000000,\"exchangeTime\":\"2024-07-03T05:30:00.0000000Z\","
            + "\"receiveTimeNs\":0,\"sequence\":0,\"tick\":{\"fields\":\"LastPrice, LastQuantity, AveragePrice, CumulativeVolume, TotalBuySell, DayOhl, OpenInterest, LastTradeTime\","
            + "\"lastPrice\":1612.25,\"lastQuantity\":25,\"averagePrice\":1605.75,\"cumulativeVolume\":4567890,\"totalBuyQuantity\":765432,\"totalSellQuantity\":812345,"
            + "\"open\":1601.00,\"high\":1615.50,\"low\":1596.25,\"close\":0.00,\"openInterest\":0,\"lastTradeTimeNs\":1719984600000000000,"
            + "\"lastTradeTime\":\"2024-07-03T05:30:00.0000000Z\",\"tradeId\":0,\"netChange\":0.00}}",
            lines[0]);

        using (JsonDocument depth = JsonDocument.Parse(lines[1]))
        {
            JsonElement d = depth.RootElement.GetProperty("depth");
            Assert.Equal("Snapshot", d.GetProperty("updateKind").GetString());
            Assert.Equal("1612.00", d.GetProperty("bids")[0].GetProperty("price").GetRawText());
            Assert.Equal(120, d.GetProperty("bids")[0].GetProperty("quantity").GetInt32());
            Assert.Equal("1613.25", d.GetProperty("asks")[4].GetProperty("price").GetRawText());
            Assert.Equal(12, d.GetProperty("asks")[4].GetProperty("orders").GetInt32());
        }

        Assert.Equal("{\"type\":\"message\",\"message\":2,\"kind\":\"binary\",\"bytes\":162,\"events\":2,\"errors\":0}", lines[2]);
        Assert.Contains("\"kind\":\"Tick\"", lines[3], StringComparison.Ordinal);
        Assert.Contains("\"lastPrice\":1612.25", lines[3], StringComparison.Ordinal);
        Assert.Contains(
            "\"control\":{\"code\":\"ServerDisconnect\",\"reason\":805,\"reasonText\":\"Too many requests or connections (more than 5 sockets: the oldest is dropped)\",\"argument0\":0,\"argument1\":0}",
            lines[4],
            StringComparison.Ordinal);
        Assert.StartsWith("{\"type\":\"log\",\"message\":3,\"text\":\"dhan: server disconnect, reason 805", lines[5], StringComparison.Ordinal);
        Assert.Equal("{\"type\":\"message\",\"message\":3,\"kind\":\"binary\",\"bytes\":26,\"events\":2,\"errors\":0}", lines[6]);
        Assert.Equal("{\"type\":\"error\",\"message\":4,\"reason\":\"BadHex\",\"detail\":\"'z' at digit 16 is not a hex digit\"}", lines[7]);
        Assert.Equal(
            "{\"type\":\"error\",\"message\":5,\"reason\":\"UnknownMessageCode\",\"count\":2,\"offset\":0,"
            + "\"detail\":\"response code 99 is not a Dhan v2 feed code; 8 byte(s) skipped\",\"hex\":\"63080001350500006308000135050000\",\"hexErrorAt\":0}",
            lines[8]);
        Assert.Equal("{\"type\":\"message\",\"message\":5,\"kind\":\"binary\",\"bytes\":16,\"events\":0,\"errors\":2}", lines[9]);
        Assert.Equal("{\"type\":\"summary\",\"protocol\":\"dhan\",\"messages\":3,\"events\":4,\"errors\":3}", lines[10]);
    }

    [Fact]
    public void Raw_binary_capture_decodes_as_one_message_of_packets()
    {
        byte[] raw = DhanTestData.Bytes(DhanTestData.Full1333Hex, DhanTestData.Ticker1333Hex, DhanTestData.HeartbeatHex);
        var output = new StringWriter();

        int exit = PacketDecoder.Run("DHAN", new MemoryStream(raw), hex: false, output);

        string[] lines = Lines(output);
        Assert.Equal(PacketDecoder.ExitOk, exit);
        Assert.Equal(5, lines.Length);
        Assert.Equal("{\"type\":\"message\",\"message\":1,\"kind\":\"binary\",\"bytes\":186,\"events\":3,\"errors\":0}", lines[3]);
        Assert.Equal("{\"type\":\"summary\",\"protocol\":\"dhan\",\"messages\":1,\"events\":3,\"errors\":0}", lines[4]);
    }

    [Fact]
    public void Kotak_capture_applies_dividers_from_the_auth_response_line()
    {
        string capture = string.Join('\n', Encoding.UTF8.GetString(KotakTestData.AuthResponse()), Convert.ToHexString(KotakTestData.MiniTouchLine()));
        (int exit, string[] lines) = Run("kotak", capture, hex: true);

        Assert.Equal(PacketDecoder.ExitOk, exit);
        Assert.Equal("{\"type\":\"message\",\"message\":1,\"kind\":\"text\",\"bytes\":" + KotakTestData.AuthResponse().Length + ",\"events\":0,\"errors\":0}", lines[^4]);
        Assert.Contains("\"instrument\":\"Kotak:1234\"", lines[^3], StringComparison.Ordinal);
        Assert.Contains("\"lastPrice\":83.25", lines[^3], StringComparison.Ordinal); // 832525000 / 10^7 at the default 2 decimals
        Assert.Contains("\"close\":83.10", lines[^3], StringComparison.Ordinal);
    }

    [Fact]
    public void Dhan_depth_capture_chooses_the_200_level_layout_from_the_row_count_and_prints_slab_levels()
    {
        byte[] twenty = new byte[DhanDepthLayout.Side20Length];
        DepthLevel[] levels = [.. Enumerable.Range(0, 20).Select(i => new DepthLevel(161200 - (i * 5), 10 + i, 1 + i))];
        DhanDepthEncoder.WriteSide20(twenty, true, DhanExchangeSegment.NseEq, 1333, levels, 2, messageSequence: 41);
        byte[] twoHundred = new byte[DhanDepthEncoder.Side200Length(3)];
        DhanDepthEncoder.WriteSide200(twoHundred, false, DhanExchangeSegment.NseFno, 42661, levels.AsSpan(0, 3), 2);

        (int exit, string[] lines) = Run("dhan-depth", Convert.ToHexString(twenty) + "\n" + Convert.ToHexString(twoHundred), hex: true);

        Assert.Equal(PacketDecoder.ExitOk, exit);
        using JsonDocument bid = JsonDocument.Parse(lines[0]);
        JsonElement d = bid.RootElement.GetProperty("depth");
        Assert.Equal("BidSnapshot", d.GetProperty("updateKind").GetString());
        Assert.Equal(20, d.GetProperty("bids").GetArrayLength());
        Assert.Equal(41, d.GetProperty("tag").GetInt32());
        Assert.Equal("1611.05", d.GetProperty("bids")[19].GetProperty("price").GetRawText());
        using JsonDocument ask = JsonDocument.Parse(lines[2]);
        Assert.Equal(3, ask.RootElement.GetProperty("depth").GetProperty("asks").GetArrayLength());
        Assert.Equal("1611.90", ask.RootElement.GetProperty("depth").GetProperty("asks")[0].GetProperty("price").GetRawText());
    }

    [Fact]
    public void Kite_heartbeat_and_binance_text_lines_decode()
    {
        (int kiteExit, string[] kite) = Run("kite", "00\n", hex: true);
        Assert.Equal(PacketDecoder.ExitOk, kiteExit);
        Assert.Equal("{\"type\":\"message\",\"message\":1,\"kind\":\"binary\",\"bytes\":1,\"events\":0,\"errors\":0}", kite[0]);

        (int binanceExit, string[] binance) = Run("binance", "{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782136,\"m\":true,\"M\":true}\n", hex: false);
        Assert.Equal(PacketDecoder.ExitOk, binanceExit);
        Assert.Contains("\"lastPrice\":0.00100000", binance[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_event_names_the_brokers_own_instrument_key_next_to_the_internal_id()
    {
        // Binance: the symbol of the stream, upper case as Binance writes it, whatever internal id the tool assigned.
        (int binanceExit, string[] binance) = Run(
            "binance",
            "{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"42000.5\",\"q\":\"0.25\",\"T\":1672515782136,\"m\":true,\"M\":true}\n"
            + "{\"e\":\"trade\",\"E\":1672515782137,\"s\":\"ETHUSDT\",\"t\":2,\"p\":\"2300.1\",\"q\":\"1\",\"T\":1672515782137,\"m\":false,\"M\":true}\n",
            hex: false);
        Assert.Equal(PacketDecoder.ExitOk, binanceExit);
        string[] binanceEvents = [.. binance.Where(l => l.StartsWith("{\"type\":\"event\"", StringComparison.Ordinal))];
        Assert.Equal(2, binanceEvents.Length);
        Assert.Equal("BTCUSDT", BrokerKey(binanceEvents[0]));
        Assert.Equal("ETHUSDT", BrokerKey(binanceEvents[1]));

        // Kite: the instrument_token (408065 = 0x00063A01) of an 8-byte LTP packet.
        (int kiteExit, string[] kite) = Run("kite", "0001 0008 00063a01 000266ba\n", hex: true);
        Assert.Equal(PacketDecoder.ExitOk, kiteExit);
        Assert.Equal("408065", BrokerKey(kite[0]));

        // Kotak HSM: the topic name of the SNAP, also on the UPDATE merged onto it (topic 7 is "if|nse_cm|Nifty 50").
        (int hsmExit, string[] hsm) = Run(
            "kotak-hsm",
            string.Join(
                '\n',
                "0006 01 01 01 0001 4b",
                "0047 06 0001 0042 53 00000007 12 69667c6e73655f636d7c4e69667479203530 0a 80000000 80000000 0024b2b0 00249b18 80000000 80000000 80000000 80000000 00000001 00000002 00",
                "0017 06 0001 0012 55 00000007 03 80000000 80000000 0024b670",
                string.Empty),
            hex: true);
        Assert.Equal(PacketDecoder.ExitOk, hsmExit);
        string[] hsmEvents = [.. hsm.Where(l => l.StartsWith("{\"type\":\"event\"", StringComparison.Ordinal))];
        Assert.Equal(2, hsmEvents.Length);
        Assert.All(hsmEvents, e => Assert.Equal("if|nse_cm|Nifty 50", BrokerKey(e)));
    }

    [Fact]
    public void Unknown_protocol_is_a_usage_error()
    {
        (int exit, string[] lines) = Run("nasdaq", "00", hex: true);
        Assert.Equal(PacketDecoder.ExitUsage, exit);
        Assert.StartsWith("{\"type\":\"error\",\"reason\":\"UnknownProtocol\"", Assert.Single(lines), StringComparison.Ordinal);
    }

    private static (int Exit, string[] Lines) Run(string protocol, string capture, bool hex)
    {
        var output = new StringWriter();
        int exit = PacketDecoder.Run(protocol, new MemoryStream(Encoding.UTF8.GetBytes(capture)), hex, output);
        return (exit, Lines(output));
    }

    private static string? BrokerKey(string eventLine)
    {
        using JsonDocument document = JsonDocument.Parse(eventLine);
        return document.RootElement.TryGetProperty("brokerKey", out JsonElement key) ? key.GetString() : null;
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
