using LowLatencyFeed.Host.Configuration;

namespace LowLatencyFeed.Bus.Tests;

/// <summary>The Bus and Source config sections: every problem named with its path; the compose profile's configs load.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-bus-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("feed-a.json")]
    [InlineData("feed-b.json")]
    [InlineData("storage.json")]
    public void The_compose_profiles_configs_are_valid(string file)
    {
        string path = Path.Combine(RepositoryRoot(), "native-config", "bus", file);
        var options = ConfigurationLoader.Load(path, requireFeeds: true);
        Assert.Equal(file == "storage.json", options.Source.IsJetStream);
        Assert.Equal(file != "storage.json", options.Bus.Enabled);
    }

    [Fact]
    public void Bad_bus_and_source_settings_are_refused_with_their_paths()
    {
        string path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, """
            {
              "Bus": { "Enabled": true, "Url": "http://nope", "Host": "a.b", "Replicas": 9 },
              "Source": { "Type": "jetstream", "Url": "nats://127.0.0.1:4222", "Hosts": [], "Durable": "", "ShardCount": 2, "ShardIndex": 2, "Instruments": [ "Kite:x" ] },
              "Feeds": [ { "Name": "k", "Protocol": "kite", "Url": "ws://127.0.0.1:1/kite", "Instruments": [ { "Token": 1 } ] } ]
            }
            """);
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, requireFeeds: true));
        Assert.Contains("Bus:Url must be one or more comma-separated nats:// URLs", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bus:Host must be 1-64 letters", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bus:Replicas must be between 1 and 5, got 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("Source:Hosts (or Source:Streams) is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Source:Durable must name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Source:ShardIndex must be in [0, ShardCount)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Source:Instruments:0 must be Feed:token", error.Message, StringComparison.Ordinal);
        Assert.Contains("Feeds must be empty when Source:Type is 'jetstream'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bus:Enabled cannot be true when Source:Type is 'jetstream'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_host_needs_no_feeds()
    {
        string path = Path.Combine(_directory, "consumer.json");
        File.WriteAllText(path, """{ "Source": { "Type": "jetstream", "Hosts": [ "feed-a" ], "Durable": "storage-1", "Instruments": [ "Kite:408065" ] } }""");
        var options = ConfigurationLoader.Load(path, requireFeeds: true);
        var source = options.Source.ToSourceOptions(new SecretResolver(null));
        Assert.Equal(["LLFEED_FEED-A"], source.Streams);
        Assert.False(source.Filter.IsAll);
        Assert.False(LowLatencyFeed.Host.Engine.EngineSettings.From(options).LocalClock);
        Assert.Equal(LowLatencyFeed.Ring.Waiting.WaitStrategyKind.TimeoutBlocking, LowLatencyFeed.Host.Engine.EngineSettings.From(options).Ring.WaitStrategy);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LowLatencyFeed.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
