using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Engine;
using LowLatencyFeed.Ring.Waiting;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// Ring:WaitStrategy and Ring:SpinningConsumer: at most one busy-spinning consumer on a small machine, a default that
/// spins none, and a clear error for every value that would break that.
/// </summary>
public sealed class WaitStrategyConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-wait-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void By_default_no_consumer_spins_and_one_named_consumer_loads_from_the_file()
    {
        string feeds = """ "Feeds": [ { "Name": "k", "Protocol": "kite", "Url": "ws://127.0.0.1:1/kite", "Instruments": [ { "Token": 408065 } ] } ] """;
        var defaults = ConfigurationLoader.Load(Write("{" + feeds + "}"), requireFeeds: true);
        Assert.Equal(string.Empty, defaults.Ring.SpinningConsumer);
        Assert.Equal(WaitStrategyKind.Sleeping, defaults.Ring.WaitStrategy);

        var spinning = ConfigurationLoader.Load(Write("""{ "Ring": { "SpinningConsumer": "db-stager" }, """ + feeds + "}"), requireFeeds: true);
        Assert.Equal("db-stager", spinning.Ring.SpinningConsumer);
        Assert.Equal("db-stager", EngineSettings.From(spinning).Ring.SpinningConsumer);
    }

    [Fact]
    public void A_spinning_consumer_that_is_not_an_ingress_stage_is_refused_with_the_names_that_are()
    {
        var options = new FeedHostOptions { DataDirectory = _directory };
        options.Ring.SpinningConsumer = "derived-stager";
        List<string> errors = FeedHostOptionsValidator.Validate(options, requireFeeds: false, processorCount: 2);
        Assert.Contains("Ring:SpinningConsumer must name one consumer of the ingress ring (journal, bars, books, db-stager, stream, bus, scoring), got 'derived-stager'", errors);
    }

    [Fact]
    public void A_spinning_consumer_is_refused_on_a_consumer_host_whose_stages_need_timeouts()
    {
        var options = new FeedHostOptions { DataDirectory = _directory };
        options.Source.Type = "jetstream";
        options.Ring.SpinningConsumer = "journal";
        List<string> errors = FeedHostOptionsValidator.Validate(options, requireFeeds: false, processorCount: 2);
        Assert.Contains(errors, error => error.StartsWith("Ring:SpinningConsumer 'journal' cannot be used on a consumer host (Source JetStream)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(6, true)]
    [InlineData(7, false)]
    [InlineData(32, false)]
    public void Ring_wide_busy_spin_needs_a_core_per_consumer_and_is_refused_below(int cores, bool refused)
    {
        var options = new FeedHostOptions { DataDirectory = _directory };
        options.Ring.WaitStrategy = WaitStrategyKind.BusySpin;
        List<string> errors = FeedHostOptionsValidator.Validate(options, requireFeeds: false, processorCount: cores);
        string expected = $"Ring:WaitStrategy BusySpin spins every consumer of the ring (journal, bars, books, db-stager, stream, and bus or scoring when on), a core each plus the feeds', and this machine has {cores}: it needs at least 7. Keep Sleeping (or Yielding, Blocking) and set Ring:SpinningConsumer to spin one consumer";
        Assert.Equal(refused, errors.Contains(expected));
        Assert.Equal(refused ? 1 : 0, errors.Count(error => error.StartsWith("Ring:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(WaitStrategyKind.Sleeping)]
    [InlineData(WaitStrategyKind.Yielding)]
    [InlineData(WaitStrategyKind.Blocking)]
    public void Each_ring_wide_strategy_with_one_spinning_consumer_is_accepted_on_two_cores(WaitStrategyKind strategy)
    {
        var options = new FeedHostOptions { DataDirectory = _directory };
        options.Ring.WaitStrategy = strategy;
        options.Ring.SpinningConsumer = "journal";
        Assert.DoesNotContain(FeedHostOptionsValidator.Validate(options, requireFeeds: false, processorCount: 2), error => error.StartsWith("Ring:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_engine_spins_the_named_consumer_alone_and_the_others_keep_the_rings_strategy()
    {
        var options = new FeedHostOptions { DataDirectory = _directory };
        options.Ring.WaitStrategy = WaitStrategyKind.Blocking;
        options.Ring.SpinningConsumer = "books";
        await using var engine = new FeedEngine(EngineSettings.From(options), _ => [], NullLoggerFactory.Instance);
        var ingress = engine.Stages.Where(stage => FeedHostOptionsValidator.IngressConsumers.Contains(stage.Name)).ToList();
        Assert.Contains(ingress, stage => stage.Name == "journal");
        foreach (StageInfo stage in ingress)
        {
            Type expected = stage.Name == "books" ? typeof(BusySpinWaitStrategy) : typeof(BlockingWaitStrategy);
            Assert.True(expected == stage.Processor.WaitStrategy.GetType(), $"{stage.Name} waits with {stage.Processor.WaitStrategy.GetType().Name}, expected {expected.Name}");
        }

        Assert.Single(ingress, stage => stage.Processor.WaitStrategy is BusySpinWaitStrategy);
    }

    private string Write(string json)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
