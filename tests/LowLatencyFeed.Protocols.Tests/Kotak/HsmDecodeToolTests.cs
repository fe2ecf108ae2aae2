using System.Text;
using System.Text.Json;
using LowLatencyFeed.Protocols.Decoding;
using static LowLatencyFeed.Protocols.Tests.Kotak.HsmTestData;

namespace LowLatencyFeed.Protocols.Tests.Kotak;

/// <summary><c>llfeed decode --protocol kotak-hsm</c>: the ACK interval and topic cache carry over from message to message.</summary>
public sealed class HsmDecodeToolTests
{
    [Fact]
    public void A_capture_decodes_snap_then_update_with_message_numbers_across_messages()
    {
        string capture = string.Join(
            '\n',
            "# connect response (ACK every 2 frames), SNAP frame #1, UPDATE frame #2, a bad frame",
            Convert.ToHexString(ConnectResponse('K', 2)),
            Convert.ToHexString(Data(1, RelianceSnap())),
            Convert.ToHexString(Data(2, RelianceUpdate())),
            Convert.ToHexString(Data(3, Update(12345, 1))),
            string.Empty);

        var output = new StringWriter();
        int exit = PacketDecoder.Run("kotak-hsm", new MemoryStream(Encoding.UTF8.GetBytes(capture)), hex: true, output);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(PacketDecoder.ExitErrors, exit);
        Assert.Contains(lines, l => l.StartsWith("{\"type\":\"log\",\"message\":2,\"text\":\"kotak-hsm: HSM connection accepted; ACK every 2 data frame(s)", StringComparison.Ordinal));

        JsonElement[] events = [.. lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "event")];
        Assert.Equal(4, events.Length);
        JsonElement snapTick = events[0];
        Assert.Equal(3, snapTick.GetProperty("message").GetInt32()); // capture messages are numbered by line
        Assert.Equal("Kotak:2885", snapTick.GetProperty("instrument").GetString());
        Assert.Equal(2, snapTick.GetProperty("priceDecimals").GetInt32());
        Assert.Equal("2855.25", snapTick.GetProperty("tick").GetProperty("lastPrice").GetRawText());
        Assert.Equal("2024-07-03T05:30:01.0000000Z", snapTick.GetProperty("exchangeTime").GetString());

        // The UPDATE in the next message merges onto the SNAP: new price and volume, the rest as before.
        JsonElement updateTick = events[2];
        Assert.Equal(4, updateTick.GetProperty("message").GetInt32());
        Assert.Equal("2855.50", updateTick.GetProperty("tick").GetProperty("lastPrice").GetRawText());
        Assert.Equal(987664, updateTick.GetProperty("tick").GetProperty("cumulativeVolume").GetInt32());
        Assert.Equal(10, updateTick.GetProperty("tick").GetProperty("lastQuantity").GetInt32());
        Assert.Equal("2855.60", events[3].GetProperty("quote").GetProperty("askPrice").GetRawText());
        Assert.Equal("2855.20", events[3].GetProperty("quote").GetProperty("bidPrice").GetRawText());

        JsonElement error = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("type").GetString() == "error");
        Assert.Equal(5, error.GetProperty("message").GetInt32());
        Assert.Equal("Sequencing", error.GetProperty("reason").GetString());
        Assert.Contains("topic id 12345", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("{\"type\":\"summary\",\"protocol\":\"kotak-hsm\",\"messages\":4,\"events\":4,\"errors\":1}", lines[^1]);
    }
}
