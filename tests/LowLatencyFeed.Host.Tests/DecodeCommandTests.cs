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
