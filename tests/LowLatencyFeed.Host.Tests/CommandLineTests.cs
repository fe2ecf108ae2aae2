using LowLatencyFeed.Host.Cli;

namespace LowLatencyFeed.Host.Tests;

public class CommandLineTests
{
    private static readonly HashSet<string> s_twoWord = ["journal"];
    private static readonly HashSet<string> s_switches = ["hex"];

    [Fact]
    public void Parses_two_word_verbs_options_switches_and_positionals()
    {
        var line = CommandLine.Parse(["journal", "inspect", "--journal", "/tmp/j", "--hex", "file.bin", "--rate=5"], s_twoWord, s_switches);
        Assert.Equal("journal inspect", line.Verb);
        Assert.Equal("/tmp/j", line.GetString("journal"));
        Assert.True(line.GetSwitch("hex"));
        Assert.Equal(5, line.GetInt64("rate", 1));
        Assert.Equal(["file.bin"], line.Positionals);
        line.RejectUnknownOptions();
    }

    [Fact]
    public void An_unknown_option_is_an_error_that_names_it()
    {
        var line = CommandLine.Parse(["demo", "--durration", "5"], s_twoWord, s_switches);
        line.GetInt64("duration", 0);
        var error = Assert.Throws<CommandLineException>(line.RejectUnknownOptions);
        Assert.Equal("'demo' does not take option --durration", error.Message);
    }

    [Fact]
    public void A_missing_value_and_a_bad_integer_are_errors()
    {
        Assert.Equal("option --rate needs a value", Assert.Throws<CommandLineException>(() => CommandLine.Parse(["demo", "--rate"], s_twoWord, s_switches)).Message);
        var line = CommandLine.Parse(["demo", "--rate", "fast"], s_twoWord, s_switches);
        Assert.Equal("option --rate must be an integer, got 'fast'", Assert.Throws<CommandLineException>(() => line.GetInt64("rate", 1)).Message);
        var range = CommandLine.Parse(["demo", "--rate", "0"], s_twoWord, s_switches);
        Assert.Equal("option --rate must be between 1 and 10, got 0", Assert.Throws<CommandLineException>(() => range.GetInt64("rate", 1, 1, 10)).Message);
    }

    [Fact]
    public void The_same_option_twice_is_an_error()
    {
        var error = Assert.Throws<CommandLineException>(() => CommandLine.Parse(["demo", "--rate", "1", "--rate", "2"], s_twoWord, s_switches));
        Assert.Equal("option --rate is given twice", error.Message);
    }
}
