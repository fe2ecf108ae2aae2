using LowLatencyFeed.Bus.Connection;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Ring;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace LowLatencyFeed.Bus.Consuming;

/// <summary>
/// A consumer host's source: reads every configured stream through a durable consumer and puts the events of this host's
/// shard into the ingress ring in the source's order, acknowledging a message only once the host's own journal has its
/// events. A restart resumes exactly where it left off: from the durable consumer's acknowledged position, skipping
/// what its journal already holds (from the <see cref="ControlCode.BusBatch"/> markers).
/// </summary>
public sealed class JetStreamSource
{
    private readonly JetStreamSourceOptions _options;
    private readonly DepthSlabPool _slabs;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<int>? _onMessage;
    private readonly List<SourceStreamReader> _readers = [];
    private string? _journalDirectory;
    private Func<long> _journalProgress = () => long.MaxValue;
    private long _journalLastAtStart = -1;
    private NatsConnection? _connection;

    /// <summary>Creates the source; deep depth goes into <paramref name="slabs"/> (the engine's pool).</summary>
    public JetStreamSource(JetStreamSourceOptions options, DepthSlabPool slabs, ILoggerFactory loggerFactory, Action<int>? onMessage = null)
    {
        _options = options;
        _slabs = slabs;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<JetStreamSource>();
        _onMessage = onMessage;
    }

    /// <summary>Counters.</summary>
    public JetStreamSourceStatistics Statistics { get; } = new();

    /// <summary>Whether the NATS connection is open.</summary>
    public bool IsConnected => _connection?.ConnectionState == NatsConnectionState.Open;

    /// <summary>Per-stream state (for tests and health).</summary>
    public IReadOnlyList<SourceStreamReader> Streams => _readers;

    internal JetStreamSourceOptions Options => _options;

    internal DepthSlabPool Slabs => _slabs;

    internal Action<int>? OnMessage => _onMessage;

    internal Func<long> JournalProgress => _journalProgress;

    /// <summary>
    /// Binds the host's journal: acknowledgements wait for its progress, and a restart reads its tail. Call before
    /// <see cref="RunAsync"/> (the engine does, at construction).
    /// </summary>
    public void FollowJournal(JournalWriter journal)
    {
        _journalDirectory = journal.Directory;
        _journalLastAtStart = journal.LastSequence;
        _journalProgress = _options.AckAfterDurable ? () => journal.LastDurableSequence : () => journal.LastWrittenSequence;
    }

    /// <summary>Reads every stream into <paramref name="ring"/> until cancelled.</summary>
    public async Task RunAsync(RingBuffer<MarketEvent> ring, CancellationToken cancellation)
    {
        var resume = _journalDirectory is null
            ? new Dictionary<long, ResumePoint>()
            : ResumeScanner.Scan(_journalDirectory, _journalLastAtStart, _options.ResumeScanEvents);
        foreach (string stream in _options.Streams)
        {
            long id = BusSubjects.SourceId(stream);
            _readers.Add(new SourceStreamReader(stream, id, resume.TryGetValue(id, out ResumePoint point) ? point : null, this, ring, _loggerFactory.CreateLogger("LowLatencyFeed.Bus.Source." + stream)));
        }

        int failures = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                _connection = await NatsConnector.ConnectAsync(NatsConnector.Options(_options.Url, "llfeed-source-" + _options.Durable, _options.User, _options.Password, _options.Token, _loggerFactory)).ConfigureAwait(false);
                break;
            }
            catch (Exception exception) when (exception is NatsException or TimeoutException)
            {
                Statistics.Failed($"cannot connect to {_options.Url}: {exception.Message}");
                if (++failures == 1 || (failures & (failures - 1)) == 0)
                {
                    _logger.LogWarning("Bus source cannot connect to {Url} (attempt {Attempt}): {Message}; retrying", _options.Url, failures, exception.Message);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10)))), cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        if (_connection is null)
        {
            return;
        }

        try
        {
            var js = new NatsJSContext(_connection);
            var tasks = new List<Task>();
            foreach (var reader in _readers)
            {
                tasks.Add(Task.Run(() => reader.RunAsync(js, cancellation), CancellationToken.None));
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
