using System.Buffers;
using System.Text.Json;
using NATS.Client.Core;

namespace LowLatencyFeed.Bus.Publishing;

/// <summary>
/// Pipelined JetStream acknowledgements: every message is published with the reply subject <c>&lt;inbox&gt;.&lt;n&gt;</c>
/// on one wildcard subscription, and the acknowledgement (or error, or 503 no-responders) completes slot n. Messages
/// are sent in order with awaited core publishes, so the stream stores them in order while many acks are in flight.
/// </summary>
internal sealed class PublishAckInbox : IAsyncDisposable
{
    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly string _prefix;
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private Task? _reader;

    public PublishAckInbox(int capacity)
    {
        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _slots = new Slot[size];
        _mask = size - 1;
        _prefix = "_INBOX.llfeed." + Guid.NewGuid().ToString("N");
    }

    public async Task StartAsync(NatsConnection connection)
    {
        await StopAsync().ConfigureAwait(false);
        _subscription = await connection.SubscribeCoreAsync<NatsMemoryOwner<byte>>(_prefix + ".*").ConfigureAwait(false);
        _reader = Task.Run(ReadAsync);
    }

    public string ReplyTo(long number) => _prefix + "." + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Register(long number)
    {
        ref Slot slot = ref _slots[number & _mask];
        slot.Error = null;
        slot.StreamSequence = 0;
        slot.Duplicate = false;
        Volatile.Write(ref slot.State, (int)(AckState.Pending));
        Volatile.Write(ref slot.Number, number);
    }

    /// <summary>Waits for the outcome of <paramref name="number"/> until <paramref name="deadlineTimestamp"/> (Stopwatch ticks).</summary>
    public async ValueTask<AckState> WaitAsync(long number, long deadlineTimestamp, CancellationToken cancellation)
    {
        while (true)
        {
            AckState state = (AckState)Volatile.Read(ref _slots[number & _mask].State);
            if (state != AckState.Pending)
            {
                return state;
            }

            long left = deadlineTimestamp - System.Diagnostics.Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return AckState.Pending;
            }

            await _signal.WaitAsync(TimeSpan.FromSeconds(Math.Min(0.05, left / (double)System.Diagnostics.Stopwatch.Frequency)), cancellation).ConfigureAwait(false);
        }
    }

    public AckState StateOf(long number) => (AckState)Volatile.Read(ref _slots[number & _mask].State);

    public string? ErrorOf(long number) => _slots[number & _mask].Error;

    public bool DuplicateOf(long number) => _slots[number & _mask].Duplicate;

    public async Task StopAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
            _subscription = null;
        }

        if (_reader is not null)
        {
            try
            {
                await _reader.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The reader ends with the subscription; nothing to report.
            }

            _reader = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _signal.Dispose();
    }

    private async Task ReadAsync()
    {
        var subscription = _subscription!;
        await foreach (var message in subscription.Msgs.ReadAllAsync().ConfigureAwait(false))
        {
            using NatsMemoryOwner<byte> data = message.Data;
            int dot = message.Subject.LastIndexOf('.');
            if (dot < 0 || !long.TryParse(message.Subject.AsSpan(dot + 1), System.Globalization.CultureInfo.InvariantCulture, out long number))
            {
                continue;
            }

            ref Slot slot = ref _slots[number & _mask];
            if (Volatile.Read(ref slot.Number) != number || (AckState)Volatile.Read(ref slot.State) != AckState.Pending)
            {
                continue;
            }

            if (message.Headers is { Code: 503 })
            {
                slot.Error = "no responders: JetStream is not available for the subject, or no stream captures it";
                Volatile.Write(ref slot.State, (int)(AckState.NoResponders));
            }
            else
            {
                Parse(data.Memory.Span, ref slot);
            }

            _signal.Release();
        }
    }

    private static void Parse(ReadOnlySpan<byte> json, ref Slot slot)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            string? description = null;
            int errCode = 0;
            bool inError = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("error"u8))
                    {
                        inError = true;
                    }
                    else if (reader.ValueTextEquals("seq"u8) && !inError)
                    {
                        reader.Read();
                        slot.StreamSequence = reader.GetInt64();
                    }
                    else if (reader.ValueTextEquals("duplicate"u8) && !inError)
                    {
                        reader.Read();
                        slot.Duplicate = reader.TokenType == JsonTokenType.True;
                    }
                    else if (inError && reader.ValueTextEquals("description"u8))
                    {
                        reader.Read();
                        description = reader.GetString();
                    }
                    else if (inError && reader.ValueTextEquals("err_code"u8))
                    {
                        reader.Read();
                        errCode = reader.GetInt32();
                    }
                }
            }

            if (inError)
            {
                slot.Error = $"{description} (err_code {errCode})";
                Volatile.Write(ref slot.State, (int)(errCode is 10070 or 10071 ? AckState.WrongLastMessage : AckState.Refused));
            }
            else
            {
                Volatile.Write(ref slot.State, (int)(slot.StreamSequence > 0 ? AckState.Stored : AckState.Refused));
                if (slot.StreamSequence <= 0)
                {
                    slot.Error = "acknowledgement without a stream sequence: " + System.Text.Encoding.UTF8.GetString(json);
                }
            }
        }
        catch (JsonException exception)
        {
            slot.Error = "unreadable acknowledgement: " + exception.Message;
            Volatile.Write(ref slot.State, (int)(AckState.Refused));
        }
    }

    internal enum AckState
    {
        Pending = 0,
        Stored,
        Refused,
        WrongLastMessage,
        NoResponders,
    }

    private struct Slot
    {
        public long Number;
        public int State;
        public long StreamSequence;
        public bool Duplicate;
        public string? Error;
    }
}
