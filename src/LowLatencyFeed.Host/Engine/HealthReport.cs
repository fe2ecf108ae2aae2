namespace LowLatencyFeed.Host.Engine;

/// <summary>What /health returns: overall status plus each feed and stage.</summary>
/// <param name="Status">"ok" when every feed is connected and no pipeline halt; "degraded" otherwise.</param>
/// <param name="Sequence">Ring cursor.</param>
/// <param name="Feeds">Per feed: name, connected, reconnects, parse errors.</param>
/// <param name="Stages">Per stage: name, lag, stand-in.</param>
/// <param name="HaltReason">Why the pipeline halted, if it did.</param>
/// <param name="Warnings">
/// What needs an operator but does not stop the feeds: an instrument master that could not be refreshed (the previous
/// day's stays in use), a subscribed contract that expired or left the master. Empty when there is none.
/// </param>
public sealed record HealthReport(string Status, long Sequence, IReadOnlyList<FeedHealth> Feeds, IReadOnlyList<StageHealth> Stages, string? HaltReason, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Snapshot of <paramref name="engine"/> with <paramref name="warnings"/>; <paramref name="sessions"/> gives a feed's
    /// market session state (null without the session scheduler): a feed disconnected because its market is closed is
    /// healthy.
    /// </summary>
    public static HealthReport From(FeedEngine engine, IReadOnlyList<string>? warnings = null, Func<string, Sessions.FeedSessionState?>? sessions = null)
    {
        var feeds = new List<FeedHealth>();
        bool healthy = engine.Pipeline.HaltReason is null;
        foreach (var feed in engine.Feeds)
        {
            Sessions.FeedSessionState? session = sessions?.Invoke(feed.Name);
            feeds.Add(new FeedHealth(feed.Name, feed.IsConnected, feed.Reconnects, feed.Diagnostics.TotalErrors, session?.Description));
            healthy &= feed.IsConnected || (session is { Open: false } && !engine.IsRunning(feed));
        }

        var stages = new List<StageHealth>();
        foreach (var stage in engine.Stages)
        {
            stages.Add(new StageHealth(stage.Name, stage.Lag(), stage.IsStandIn));
        }

        return new HealthReport(healthy ? "ok" : "degraded", engine.Ring.Cursor, feeds, stages, engine.Pipeline.HaltReason, warnings ?? []);
    }
}

/// <summary>One feed in /health; <paramref name="Session"/> is its market session in words (null without sessions).</summary>
public sealed record FeedHealth(string Name, bool Connected, long Reconnects, long ParseErrors, string? Session = null);

/// <summary>One stage in /health.</summary>
public sealed record StageHealth(string Name, long Lag, bool StandIn);
