using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Bus.Publishing;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>The <c>bus</c> stage: publish the event stream to NATS JetStream (config section <c>Bus</c>).</summary>
public sealed class BusOptions
{
    /// <summary>Publish to the bus.</summary>
    public bool Enabled { get; set; }

    /// <summary>NATS server URLs, comma-separated; <c>${NAME}</c> placeholders allowed.</summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>This host's name in subjects (<c>llfeed.&lt;host&gt;.&lt;feed&gt;.&lt;kind&gt;</c>); default: the machine name.</summary>
    public string? Host { get; set; }

    /// <summary>Stream name; default <c>LLFEED_&lt;HOST&gt;</c>.</summary>
    public string? Stream { get; set; }

    /// <summary>NATS user (placeholders allowed).</summary>
    public string? User { get; set; }

    /// <summary>NATS password (use a <c>${NAME}</c> placeholder).</summary>
    public string? Password { get; set; }

    /// <summary>NATS token (use a <c>${NAME}</c> placeholder).</summary>
    public string? Token { get; set; }

    /// <summary>Create the stream when missing.</summary>
    public bool CreateStream { get; set; } = true;

    /// <summary>Replicas of a created stream (3 on a 3-node cluster).</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Age limit of a created stream in hours (0: none).</summary>
    public double MaxAgeHours { get; set; }

    /// <summary>Size limit of a created stream in megabytes (0: none).</summary>
    public long MaxMegabytes { get; set; }

    /// <summary>The server's duplicate window for message ids, seconds.</summary>
    public int DuplicateWindowSeconds { get; set; } = 120;

    /// <summary>Encoded bytes per batch (≤ the server's max_payload).</summary>
    public int MaxBatchBytes { get; set; } = 256 * 1024;

    /// <summary>Events per batch.</summary>
    public int MaxBatchEvents { get; set; } = 4096;

    /// <summary>Longest a batch waits for a busy publisher, microseconds.</summary>
    public int MaxBatchDelayMicroseconds { get; set; } = 2000;

    /// <summary>Messages in flight (pipelined acknowledgements).</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>Seconds an acknowledgement may take.</summary>
    public double AckTimeoutSeconds { get; set; } = 5;

    /// <summary><c>Written</c> (journal handed to the OS) or <c>Durable</c> (fsynced).</summary>
    public PublishAfter PublishAfter { get; set; } = PublishAfter.Written;

    /// <summary>A stream with nothing from this host gets the whole journal (true) or starts with this run (false).</summary>
    public bool BackfillFromJournal { get; set; }

    /// <summary>The host name in use.</summary>
    public string EffectiveHost => string.IsNullOrEmpty(Host) ? BusSubjects.DefaultHost() : Host;

    /// <summary>The publisher settings, secrets resolved.</summary>
    public BusPublisherOptions ToPublisherOptions(SecretResolver secrets) => new()
    {
        Url = secrets.Resolve(Url, escapeForUrl: false),
        Host = EffectiveHost,
        Stream = string.IsNullOrEmpty(Stream) ? null : Stream,
        User = string.IsNullOrEmpty(User) ? null : secrets.Resolve(User, escapeForUrl: false),
        Password = string.IsNullOrEmpty(Password) ? null : secrets.Resolve(Password, escapeForUrl: false),
        Token = string.IsNullOrEmpty(Token) ? null : secrets.Resolve(Token, escapeForUrl: false),
        CreateStream = CreateStream,
        Replicas = Replicas,
        MaxAge = TimeSpan.FromHours(MaxAgeHours),
        MaxBytes = MaxMegabytes * 1024 * 1024,
        DuplicateWindow = TimeSpan.FromSeconds(DuplicateWindowSeconds),
        MaxBatchBytes = MaxBatchBytes,
        MaxBatchEvents = MaxBatchEvents,
        MaxBatchDelay = TimeSpan.FromTicks(MaxBatchDelayMicroseconds * 10L),
        MaxInFlight = MaxInFlight,
        AckTimeout = TimeSpan.FromSeconds(AckTimeoutSeconds),
        PublishAfter = PublishAfter,
        BackfillFromJournal = BackfillFromJournal,
    };
}
