using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>Steps shared by the end-to-end scenarios.</summary>
internal static class Scenario
{
    /// <summary>Stops a feed host (drains, publishes the rest) and checks the stream acknowledged its whole journal.</summary>
    public static async Task StopFeedHostAsync(FeedEngine feed, TestLog log)
    {
        Assert.True(await feed.StopAsync(TimeSpan.FromSeconds(60)), log.Text);
        Assert.True(feed.Journal.LastSequence == feed.Bus!.Publisher.Statistics.Acknowledged, $"acknowledged {feed.Bus.Publisher.Statistics.Acknowledged} of {feed.Journal.LastSequence}\n{log.Text}");
    }

    /// <summary>Waits until a consumer host read every stream up to the given source sequences, then stops it (drained).</summary>
    public static async Task DrainConsumerAsync(FeedEngine consumer, IReadOnlyDictionary<string, long> lastSequences, TestLog log)
    {
        var source = EngineHosts.Source(consumer);
        await Wait.UntilAsync(
            () => source.Streams.Count == lastSequences.Count && source.Streams.All(s => s.SourceSequence == lastSequences[s.Stream]),
            TimeSpan.FromSeconds(90),
            () => string.Join(", ", source.Streams.Select(s => $"{s.Stream} at {s.SourceSequence} ({s.State})")) + "\n" + log.Text);
        Assert.True(await consumer.StopAsync(TimeSpan.FromSeconds(60)), log.Text);
    }
}
