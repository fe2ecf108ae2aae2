using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;

namespace LowLatencyFeed.Host.Tests;

/// <summary><c>llfeed simulate</c> takes the simulator's fault options from the command line.</summary>
public sealed class SimulateCommandTests
{
    private static readonly HashSet<string> s_twoWord = ["journal"];
    private static readonly HashSet<string> s_switches = ["hex"];

    [Fact]
    public async Task Serves_every_feed_with_faults_from_the_command_line_and_stops_after_its_duration()
    {
        var line = CommandLine.Parse(
            ["simulate", "--port", "0", "--duration", "1", "--drop-every", "500", "--garbage-every", "7", "--truncate-every", "11",
             "--silent-after", "100000", "--fragment-bytes", "64", "--fragment-delay-ms", "1"],
            s_twoWord,
            s_switches);
        using var output = new StringWriter();

        int exit = await SimulateCommand.RunAsync(line, output, CancellationToken.None);

        Assert.Equal(0, exit);
        string text = output.ToString();
        Assert.Contains("/kite", text, StringComparison.Ordinal);
        Assert.Contains("/binance/stream", text, StringComparison.Ordinal);
        Assert.Contains("ws://127.0.0.1:", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fragment-delay-ms", "5", "--fragment-delay-ms pauses between fragments, so it needs --fragment-bytes N as well")]
    [InlineData("--garbage-every", "-1", "--garbage-every")]
    [InlineData("--fragment-delay-ms", "20000", "--fragment-delay-ms")]
    public async Task Invalid_fault_options_are_usage_errors_that_name_the_option(string option, string value, string expected)
    {
        var line = CommandLine.Parse(["simulate", "--port", "0", option, value], s_twoWord, s_switches);

        var error = await Assert.ThrowsAsync<CommandLineException>(() => SimulateCommand.RunAsync(line, TextWriter.Null, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
