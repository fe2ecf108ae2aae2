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
}
