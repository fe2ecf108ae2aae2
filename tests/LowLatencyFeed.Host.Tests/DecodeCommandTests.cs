using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;

namespace LowLatencyFeed.Host.Tests;

public sealed class DecodeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-decode-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Decodes_a_hex_kite_capture_into_json_lines()
    {
        // One frame, one 8-byte LTP packet: token 408065 (0x00063A01, NSE), last price 157370 → 1573.70.
        string file = Path.Combine(_directory, "kite.hex");
        await File.WriteAllTextAsync(file, "0001 0008 00063a01 000266ba\n");
        var output = new StringWriter();
        var line = CommandLine.Parse(["decode", "--protocol", "kite", "--hex", file], new HashSet<string>(), new HashSet<string> { "hex" });
        int exit = await DecodeCommand.RunAsync(line, output);
        Assert.Equal(0, exit);
        string json = output.ToString();
        Assert.Contains("408065", json);
        Assert.Contains("1573.7", json);
    }

    [Fact]
    public async Task Decodes_a_hex_kotak_hsm_capture_merging_updates_onto_snaps_across_messages()
    {
        // Connect response K (no ACKs); a data frame with one index SNAP (topic 7, "if|nse_cm|Nifty 50": value 24050.40,
        // close 23990.00, precision 2); a data frame with its UPDATE (value 24060.00 only).
        string file = Path.Combine(_directory, "hsm.hex");
        await File.WriteAllTextAsync(file, string.Join(
            '\n',
            "0006 01 01 01 0001 4b",
            "0047 06 0001 0042 53 00000007 12 69667c6e73655f636d7c4e69667479203530 0a 80000000 80000000 0024b2b0 00249b18 80000000 80000000 80000000 80000000 00000001 00000002 00",
            "0017 06 0001 0012 55 00000007 03 80000000 80000000 0024b670",
            string.Empty));
        var output = new StringWriter();
        var line = CommandLine.Parse(["decode", "--protocol", "kotak-hsm", "--hex", file], new HashSet<string>(), new HashSet<string> { "hex" });
        int exit = await DecodeCommand.RunAsync(line, output);
        string json = output.ToString();
        Assert.True(exit == 0, json);
        Assert.Contains("\"lastPrice\":24050.40", json);
        Assert.Contains("\"lastPrice\":24060.00", json);
        Assert.Contains("\"close\":23990.00", json);
        Assert.Contains("\"flags\":\"Index, ExchangeTimeFromReceive\"", json);
        Assert.Contains("\"events\":2,\"errors\":0", json);
    }

    [Fact]
    public async Task A_malformed_capture_exits_1_with_an_error_line_and_an_unknown_protocol_is_a_usage_error()
    {
        string file = Path.Combine(_directory, "bad.hex");
        await File.WriteAllTextAsync(file, "0001 00b8 00063a01\n");
        var output = new StringWriter();
        var line = CommandLine.Parse(["decode", "--protocol", "kite", "--hex", file], new HashSet<string>(), new HashSet<string> { "hex" });
        Assert.Equal(1, await DecodeCommand.RunAsync(line, output));
        Assert.Contains("offset", output.ToString(), StringComparison.OrdinalIgnoreCase);

        var unknown = CommandLine.Parse(["decode", "--protocol", "morse", file], new HashSet<string>(), new HashSet<string>());
        var error = await Assert.ThrowsAsync<CommandLineException>(() => DecodeCommand.RunAsync(unknown, new StringWriter()));
        Assert.Contains("morse", error.Message);
    }
}
