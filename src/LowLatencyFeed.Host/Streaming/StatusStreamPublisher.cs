using System.Buffers;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Host.Api.Models;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The stream's <c>status</c> channel: about once a second, on a timer thread (never a ring thread), builds one
/// message with what <c>/api/status</c> and <c>/api/feeds</c> return plus database rows per second per table, and
/// offers it to every client subscribed to <c>status</c>. Each client keeps only the latest unsent one, so a client
/// that stopped reading costs one string, and the ring never sees this work. Nothing is built without a subscriber.
/// </summary>
public sealed class StatusStreamPublisher : IDisposable
{
    private readonly ApiServices _api;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, (long Rows, long Ticks)> _lastRows = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private Timer? _timer;
    private int _running;
    private long _published;

    /// <summary>Publishes <paramref name="api"/>'s status every <paramref name="interval"/> once started.</summary>
    public StatusStreamPublisher(ApiServices api, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _interval = interval;
    }

    /// <summary>Status messages built (each offered to every subscribed client).</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Starts the timer.</summary>
    public void Start()
    {
        if (_interval > TimeSpan.Zero)
        {
            _timer ??= new Timer(_ => Tick(), null, _interval, _interval);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();

    /// <summary>Builds the message now and offers it to the subscribed clients; false when none is subscribed.</summary>
    public bool PublishNow()
    {
        StreamClient[] clients = _api.Streaming.Hub.ClientArray;
        bool wanted = false;
        foreach (StreamClient client in clients)
        {
            wanted |= (client.Subscription.Channels & StreamChannels.Status) != 0;
        }

        if (!wanted)
        {
            return false;
        }

        string message = Build();
        foreach (StreamClient client in clients)
        {
            if ((client.Subscription.Channels & StreamChannels.Status) != 0)
            {
                client.OfferStatus(message);
            }
        }

        Interlocked.Increment(ref _published);
        return true;
    }

    private void Tick()
    {
        // A slow build (a loaded machine) must not stack timer callbacks.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            PublishNow();
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private string Build()
    {
        StatusView status = StatusReport.From(_api.Engine, _api.DatabaseDescription, _api.Time.GetUtcNow());
        List<FeedView> feeds = ApiEndpoints.Feeds(_api);
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "status");
            json.WriteString("time", status.Time);
            json.WritePropertyName("status");
            JsonSerializer.Serialize(json, status, ApiJsonContext.Default.StatusView);
            json.WritePropertyName("feeds");
            JsonSerializer.Serialize(json, feeds, ApiJsonContext.Default.ListFeedView);
            json.WriteStartObject("tableRowsPerSecond");
            long now = Environment.TickCount64;
            foreach (TableStatus table in status.Database.Tables)
            {
                double rate = 0;
                if (_lastRows.TryGetValue(table.Name, out var last) && now > last.Ticks)
                {
                    rate = (table.Rows - last.Rows) * 1000.0 / (now - last.Ticks);
                }

                _lastRows[table.Name] = (table.Rows, now);
                json.WriteNumber(table.Name, Math.Round(rate, 1));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
