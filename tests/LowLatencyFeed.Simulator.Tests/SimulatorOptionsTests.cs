using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Simulator.Tests;

/// <summary>Options that cannot work are refused with the option's name, before the server starts.</summary>
public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => new SimulatorOptions().Validate();

    public static TheoryData<SimulatorOptions, string> Invalid => new()
    {
        { new SimulatorOptions { Port = 70_000 }, "Port" },
        { new SimulatorOptions { MessagesPerSecond = -1 }, "MessagesPerSecond" },
        { new SimulatorOptions { MessagesPerSecond = double.NaN }, "MessagesPerSecond" },
        { new SimulatorOptions { MaxMessagesPerFrame = 0 }, "MaxMessagesPerFrame" },
        { new SimulatorOptions { MaxMessages = -1 }, "MaxMessages" },
        { new SimulatorOptions { GarbageEveryMessages = -1 }, "GarbageEveryMessages" },
        { new SimulatorOptions { TruncateEveryMessages = -1 }, "TruncateEveryMessages" },
        { new SimulatorOptions { FragmentBytes = -1 }, "FragmentBytes" },
        { new SimulatorOptions { FragmentBytes = 16, FragmentDelay = TimeSpan.FromSeconds(11) }, "FragmentDelay" },
        { new SimulatorOptions { FragmentDelay = TimeSpan.FromMilliseconds(5) }, "FragmentDelay" },
        { new SimulatorOptions { HeartbeatInterval = TimeSpan.Zero }, "HeartbeatInterval" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_values_are_refused_naming_the_option(SimulatorOptions options, string option)
    {
        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void Fault_options_default_to_off_and_accept_their_extremes()
    {
        var options = new SimulatorOptions();
        Assert.Equal((0, 0, 0, TimeSpan.Zero), (options.GarbageEveryMessages, options.TruncateEveryMessages, options.FragmentBytes, options.FragmentDelay));
        (options with { GarbageEveryMessages = 1, TruncateEveryMessages = 1, FragmentBytes = 1, FragmentDelay = SimulatorOptions.MaxFragmentDelay }).Validate();
    }

    [Theory]
    [InlineData(nameof(SimulatorOptions.GarbageEveryMessages), "SimulatorOptions.GarbageEveryMessages must be 0 (never) or positive.")]
    [InlineData(nameof(SimulatorOptions.TruncateEveryMessages), "SimulatorOptions.TruncateEveryMessages must be 0 (never) or positive.")]
    [InlineData(nameof(SimulatorOptions.FragmentBytes), "SimulatorOptions.FragmentBytes must be 0 (whole messages) or positive.")]
    public void A_negative_fault_count_is_refused_with_its_rule_and_value(string name, string message)
    {
        SimulatorOptions options = name switch
        {
            nameof(SimulatorOptions.GarbageEveryMessages) => new SimulatorOptions { GarbageEveryMessages = -1 },
            nameof(SimulatorOptions.TruncateEveryMessages) => new SimulatorOptions { TruncateEveryMessages = -1 },
            _ => new SimulatorOptions { FragmentBytes = -1 },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(-1L, Convert.ToInt64(error.ActualValue, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_fragment_delay_rules_are_stated_in_the_error()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(new SimulatorOptions { FragmentBytes = 64, FragmentDelay = TimeSpan.FromTicks(-1) }.Validate);
        Assert.Equal(nameof(SimulatorOptions.FragmentDelay), negative.ParamName);
        Assert.StartsWith("SimulatorOptions.FragmentDelay must be 0..10 s.", negative.Message, StringComparison.Ordinal);

        var alone = Assert.Throws<ArgumentException>(new SimulatorOptions { FragmentDelay = TimeSpan.FromMilliseconds(1) }.Validate);
        Assert.StartsWith("SimulatorOptions.FragmentDelay pauses between fragments, so it needs FragmentBytes > 0.", alone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_with_invalid_options()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SimulatorServer.StartAsync(new SimulatorOptions { TruncateEveryMessages = -5 }, NullLoggerFactory.Instance, CancellationToken.None));
    }
}
