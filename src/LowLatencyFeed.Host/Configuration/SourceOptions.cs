using LowLatencyFeed.Bus.Consuming;
using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Where the engine's events come from (config section <c>Source</c>): the configured broker feeds, or NATS JetStream.</summary>
public sealed class SourceOptions
{
    /// <summary><c>feeds</c> (default: the <c>Feeds</c> list) or <c>jetstream</c> (a consumer host).</summary>
    public string Type { get; set; } = "feeds";

    /// <summary>NATS server URLs, comma-separated; <c>${NAME}</c> placeholders allowed.</summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Feed hosts to read (their <c>Bus:Host</c>); each is the stream <c>LLFEED_&lt;HOST&gt;</c>.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>Streams to read by name (in addition to <see cref="Hosts"/>).</summary>
    public List<string> Streams { get; set; } = [];

    /// <summary>Durable consumer name of this host (one per consumer host).</summary>
    public string Durable { get; set; } = "";

    /// <summary>NATS user (placeholders allowed).</summary>
    public string? User { get; set; }

    /// <summary>NATS password (use a <c>${NAME}</c> placeholder).</summary>
    public string? Password { get; set; }

    /// <summary>NATS token (use a <c>${NAME}</c> placeholder).</summary>
    public string? Token { get; set; }

    /// <summary>Only these instruments (<c>Feed:token</c>, e.g. <c>Kite:408065</c>); empty keeps all.</summary>
    public List<string> Instruments { get; set; } = [];

    /// <summary>Hash shards over instruments (1: no sharding).</summary>
    public int ShardCount { get; set; } = 1;

    /// <summary>This host's shard, 0 ≤ index &lt; count.</summary>
    public int ShardIndex { get; set; }

    /// <summary><c>Written</c> (default) or <c>Durable</c>: the journal progress acknowledgements wait for.</summary>
    public string AckAfter { get; set; } = "Written";

    /// <summary>A new durable consumer reads the stream from the start (<c>All</c>) or only new messages (<c>New</c>).</summary>
    public SourceStart StartAt { get; set; } = SourceStart.All;

    /// <summary>Whether this host reads the bus instead of broker feeds.</summary>
    public bool IsJetStream => Type.Equals("jetstream", StringComparison.OrdinalIgnoreCase);

    /// <summary>The streams to read.</summary>
    public List<string> AllStreams()
    {
        var streams = new List<string>();
        foreach (string host in Hosts)
        {
            streams.Add(BusSubjects.StreamOf(host));
        }

        foreach (string stream in Streams)
        {
            if (!streams.Contains(stream))
            {
                streams.Add(stream);
            }
        }

        return streams;
    }

    /// <summary>The source settings, secrets resolved.</summary>
    public JetStreamSourceOptions ToSourceOptions(SecretResolver secrets)
    {
        var instruments = new List<InstrumentId>();
        foreach (string text in Instruments)
        {
            if (InstrumentFilter.TryParseInstrument(text, out InstrumentId id))
            {
                instruments.Add(id);
            }
        }

        return new JetStreamSourceOptions
        {
            Url = secrets.Resolve(Url, escapeForUrl: false),
            Streams = AllStreams(),
            Durable = Durable,
            User = string.IsNullOrEmpty(User) ? null : secrets.Resolve(User, escapeForUrl: false),
            Password = string.IsNullOrEmpty(Password) ? null : secrets.Resolve(Password, escapeForUrl: false),
            Token = string.IsNullOrEmpty(Token) ? null : secrets.Resolve(Token, escapeForUrl: false),
            Filter = new InstrumentFilter(instruments, ShardCount, ShardIndex),
            AckAfterDurable = AckAfter.Equals("Durable", StringComparison.OrdinalIgnoreCase),
            StartAt = StartAt,
        };
    }
}
