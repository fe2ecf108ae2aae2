using System.Globalization;
using System.Text;
using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prints one line of live figures per interval: throughput, per-stage lag, errors.</summary>
public sealed class StatusReporter
{
    private readonly FeedEngine _engine;
    private readonly TextWriter _output;
    private long _lastMessages;
    private long _lastEvents;

    /// <summary>Reports on <paramref name="engine"/> to <paramref name="output"/>.</summary>
    public StatusReporter(FeedEngine engine, TextWriter output)
    {
        _engine = engine;
        _output = output;
    }

    /// <summary>Prints a line every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var started = DateTime.UtcNow;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _output.WriteLine(Line(DateTime.UtcNow - started, interval));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Builds one status line.</summary>
    public string Line(TimeSpan elapsed, TimeSpan interval)
    {
        long messages = 0;
        long events = 0;
        long errors = 0;
        long reconnects = 0;
        long dropped = 0;
        foreach (var feed in _engine.Feeds)
        {
            messages += feed.Diagnostics.Messages;
            events += feed.Diagnostics.Events;
            errors += feed.Diagnostics.TotalErrors;
            reconnects += feed.Reconnects;
            dropped += feed.Publisher.Dropped;
        }

        double seconds = interval.TotalSeconds;
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"[{elapsed.TotalSeconds,5:F0}s] msgs/s {(messages - _lastMessages) / seconds,9:F0}  events/s {(events - _lastEvents) / seconds,9:F0}  seq {_engine.Ring.Cursor}  lag");
        foreach (var stage in _engine.Stages)
        {
            line.Append(CultureInfo.InvariantCulture, $" {stage.Name}={stage.Lag()}");
        }

        line.Append(CultureInfo.InvariantCulture, $"  bars {_engine.Bars.BarsEmitted}  book samples {_engine.Books.SamplesEmitted}  signals {_engine.Books.SignalsEmitted}");
        if (_engine.Storage is { } storage)
        {
            long rows = 0;
            long droppedRows = 0;
            foreach (var stream in storage.Stats.Streams)
            {
                rows += stream.LiveRows + stream.CatchUpRows;
                droppedRows += stream.DroppedRows;
            }

            line.Append(CultureInfo.InvariantCulture, $"  db rows {rows} deferred {droppedRows}");
        }

        line.Append(CultureInfo.InvariantCulture, $"  parse errors {errors}  reconnects {reconnects}  dropped {dropped}");
        _lastMessages = messages;
        _lastEvents = events;
        return line.ToString();
    }
}
