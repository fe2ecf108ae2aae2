using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>Validation of the simulator's fault and slow-link options.</summary>
public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Fault_options_default_to_off_and_validate()
    {
        var options = new SimulatorOptions();
        Assert.Equal(0, options.GarbageEveryMessages);
        Assert.Equal(0, options.TruncateEveryMessages);
        Assert.Equal(0, options.FragmentBytes);
        Assert.Equal(TimeSpan.Zero, options.FragmentDelay);
        options.Validate();
        (options with { GarbageEveryMessages = 1, TruncateEveryMessages = 1, FragmentBytes = 1, FragmentDelay = SimulatorOptions.MaxFragmentDelay }).Validate();
    }

    [Theory]
    [InlineData(nameof(SimulatorOptions.GarbageEveryMessages), "SimulatorOptions.GarbageEveryMessages must be 0 (never) or positive.")]
    [InlineData(nameof(SimulatorOptions.TruncateEveryMessages), "SimulatorOptions.TruncateEveryMessages must be 0 (never) or positive.")]
    [InlineData(nameof(SimulatorOptions.FragmentBytes), "SimulatorOptions.FragmentBytes must be 0 (whole messages) or positive.")]
    public void Negative_counts_are_rejected_by_name(string name, string message)
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
        Assert.Equal(-1L, Convert.ToInt64(error.ActualValue, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Fragment_delay_must_be_in_range_and_needs_fragments()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(new SimulatorOptions { FragmentBytes = 64, FragmentDelay = TimeSpan.FromTicks(-1) }.Validate);
        Assert.Equal(nameof(SimulatorOptions.FragmentDelay), negative.ParamName);
        Assert.StartsWith("SimulatorOptions.FragmentDelay must be 0..10 s.", negative.Message, StringComparison.Ordinal);

        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(new SimulatorOptions { FragmentBytes = 64, FragmentDelay = TimeSpan.FromSeconds(11) }.Validate);
        Assert.Equal(nameof(SimulatorOptions.FragmentDelay), tooLong.ParamName);

        var alone = Assert.Throws<ArgumentException>(new SimulatorOptions { FragmentDelay = TimeSpan.FromMilliseconds(1) }.Validate);
        Assert.Equal(nameof(SimulatorOptions.FragmentDelay), alone.ParamName);
        Assert.StartsWith("SimulatorOptions.FragmentDelay pauses between fragments, so it needs FragmentBytes > 0.", alone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_with_invalid_fault_options()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SimulatorServer.StartAsync(new SimulatorOptions { TruncateEveryMessages = -5 }, NullLoggerFactory.Instance, CancellationToken.None));
    }
}
