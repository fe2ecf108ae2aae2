namespace LowLatencyFeed.Host.Engine;

/// <summary>Starting and stopping one feed connection while the engine runs (<c>POST /api/feeds/{name}/start|stop</c>).</summary>
public sealed partial class FeedEngine
{
    private readonly Dictionary<IFeedRunner, FeedRun> _runs = [];
    private readonly Lock _runsGate = new();
    private bool _started;

    /// <summary>
    /// Adds a connection opened while the engine runs (a runtime subscription beyond the feed's connections' broker
    /// limit: <c>Subscriptions/FeedSubscriptionService.cs</c>) and starts it when the engine has started. It is one more
    /// producer of the multi-producer ring, like the connections opened at start.
    /// </summary>
    public void AddFeed(IFeedRunner feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        (feed as IJournalFollower)?.FollowJournal(Journal);
        bool start;
        lock (_runsGate)
        {
            Volatile.Write(ref _feeds, [.. _feeds, feed]);
            start = _started && Volatile.Read(ref _stopped) == 0;
        }

        if (start)
        {
            StartFeedCore(feed);
        }
    }

    /// <summary>Whether <paramref name="feed"/> is running (connecting, streaming or reconnecting).</summary>
    public bool IsRunning(IFeedRunner feed)
    {
        lock (_runsGate)
        {
            return _runs.TryGetValue(feed, out FeedRun? run) && !run.Task.IsCompleted;
        }
    }

    /// <summary>The feed named <paramref name="name"/> (case-insensitive), or null.</summary>
    public IFeedRunner? FindFeed(string name)
    {
        foreach (IFeedRunner feed in Feeds)
        {
            if (string.Equals(feed.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return feed;
            }
        }

        return null;
    }

    /// <summary>
    /// Starts a stopped (or never started) feed; false when it is running already, ran once and cannot restart, or the
    /// engine is stopping.
    /// </summary>
    public bool StartFeed(IFeedRunner feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (Volatile.Read(ref _stopped) != 0 || IsRunning(feed) || (feed is SessionFeedRunner { CanRestart: false } && HasRun(feed)))
        {
            return false;
        }

        StartFeedCore(feed);
        return true;
    }

    /// <summary>Stops a running feed (closing its connection) and waits for it; false when it was not running.</summary>
    public async Task<bool> StopFeedAsync(IFeedRunner feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        FeedRun? run;
        lock (_runsGate)
        {
            if (!_runs.TryGetValue(feed, out run) || run.Task.IsCompleted)
            {
                return false;
            }
        }

        await run.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await run.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return true;
    }

    private bool HasRun(IFeedRunner feed)
    {
        lock (_runsGate)
        {
            return _runs.ContainsKey(feed);
        }
    }

    private Task[] FeedTasks()
    {
        lock (_runsGate)
        {
            return [.. _feedTasks];
        }
    }

    private void StartFeedCore(IFeedRunner feed)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopFeeds.Token);
        Task task = Task.Run(() => feed.RunAsync(Ring, _settings.Ring.Backpressure, stop.Token));
        lock (_runsGate)
        {
            if (_runs.TryGetValue(feed, out FeedRun? previous))
            {
                previous.Stop.Dispose();
            }

            _runs[feed] = new FeedRun(stop, task);
            _feedTasks.Add(task);
        }
    }

    private sealed record FeedRun(CancellationTokenSource Stop, Task Task);
}
