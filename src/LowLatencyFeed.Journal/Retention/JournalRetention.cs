using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Journal.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Journal.Retention;

/// <summary>
/// Deletes old journal segments by age and total size, oldest first, from a background task. It never deletes the
/// segment being written, the newest segment, anything after a segment it must keep (so no hole ever appears in the
/// middle of a journal), nor a segment still needed by <see cref="JournalRetentionOptions.OldestSequenceNeeded"/>.
/// </summary>
public sealed class JournalRetention : IAsyncDisposable
{
    private readonly string _directory;
    private readonly JournalRetentionOptions _options;
    private readonly Func<long>? _activeOrdinal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stop;
    private Task? _loop;

    /// <summary>Creates a retention policy for <paramref name="directory"/>.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="options">What to delete.</param>
    /// <param name="activeOrdinal">Returns the ordinal of the segment being written (<see cref="JournalWriter.ActiveSegmentOrdinal"/>); null when no writer runs.</param>
    /// <param name="time">Clock for segment ages (tests pass a fake one).</param>
    /// <param name="logger">Where deletions and failures are logged.</param>
    public JournalRetention(string directory, JournalRetentionOptions options, Func<long>? activeOrdinal = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = Path.GetFullPath(directory);
        _options = options;
        _activeOrdinal = activeOrdinal;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Retention for the journal <paramref name="writer"/> writes, protecting its active segment.</summary>
    public static JournalRetention ForWriter(JournalWriter writer, JournalRetentionOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new JournalRetention(writer.Directory, options, () => writer.ActiveSegmentOrdinal, time, logger);
    }

    /// <summary>Starts the background task (one pass per <see cref="JournalRetentionOptions.Interval"/>).</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _stop = new CancellationTokenSource();
        CancellationToken token = _stop.Token;
        _loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
    }

    /// <summary>One pass: deletes what the policy allows and returns what it deleted.</summary>
    public RetentionResult RunOnce()
    {
        List<SegmentRef> segments = JournalDirectory.ListSegments(_directory);
        var sizes = new long[segments.Count];
        long total = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            sizes[i] = FileSize(segments[i].Path) + FileSize(segments[i].IndexPath);
            total += sizes[i];
        }

        var deleted = new List<string>();
        long freed = 0;
        long active = _activeOrdinal?.Invoke() ?? long.MaxValue;
        long needed = _options.OldestSequenceNeeded?.Invoke() ?? long.MaxValue;
        DateTimeOffset now = _time.GetUtcNow();

        // The newest segment is never a candidate: it is (or will be) the one being appended to.
        for (int i = 0; i < segments.Count - 1; i++)
        {
            SegmentRef segment = segments[i];
            if (segment.Ordinal >= active)
            {
                break;
            }

            bool tooOld = _options.MaxAge is { } maxAge && now - File.GetLastWriteTimeUtc(segment.Path) > maxAge;
            bool tooBig = _options.MaxTotalBytes is { } maxBytes && total > maxBytes;
            if (!(tooOld || tooBig) || (needed != long.MaxValue && NextFirstSequence(segments[i + 1]) > needed))
            {
                break;
            }

            try
            {
                File.Delete(segment.Path);
                File.Delete(segment.IndexPath);
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Journal retention could not delete {Path}", segment.Path);
                break;
            }

            deleted.Add(segment.Path);
            freed += sizes[i];
            total -= sizes[i];
            _logger.LogInformation("Journal retention deleted {Path} ({Bytes} bytes, {Reason})", segment.Path, sizes[i], tooOld ? "older than the maximum age" : "journal above its size limit");
        }

        return new RetentionResult(deleted, freed, total);
    }

    /// <summary>Stops the background task.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
        _loop = null;
    }

    private async Task LoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                RunOnce();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Journal retention pass failed; retrying next interval");
            }

            await Task.Delay(_options.Interval, _time, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first sequence of a segment from its header: every event of the segment before it is below this.
    /// Unreadable headers count as "needed" so the older segment is kept.
    /// </summary>
    private static long NextFirstSequence(SegmentRef segment)
    {
        try
        {
            using SegmentFile file = SegmentFile.Open(segment.Path, segment.Ordinal);
            return file.HeaderStatus == FileHeaderStatus.Ok ? file.Header.FirstSequence : long.MaxValue;
        }
        catch (IOException)
        {
            return long.MaxValue;
        }
    }

    private static long FileSize(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
