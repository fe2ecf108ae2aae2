using System.Numerics;
using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// What one HSM connection remembers between messages: the ACK interval of its connect response with the frames counted
/// towards the next ACK, and the topic cache (topic id → instrument, kind and merged field values). Preallocated and
/// fixed-size: decoding allocates nothing; only <see cref="KotakHsmProtocol"/> grows it, cold, when subscriptions
/// outgrow it. Single-threaded (the decode thread); the public counters may be read from any thread.
/// </summary>
public sealed class KotakHsmConnectionState
{
    private KotakHsmTopic[] _topics = [];
    private int[] _values = [];
    private int[] _buckets = [];
    private int _mask;
    private int _count;
    private int _ackInterval;
    private int _framesSinceAck;
    private int _lastMessageNumber;
    private Dictionary<Core.Instruments.InstrumentId, string>? _topicNames;

    /// <summary>Creates the state with room for <paramref name="topicCapacity"/> topics.</summary>
    public KotakHsmConnectionState(int topicCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topicCapacity, 1);
        Allocate(topicCapacity);
    }

    /// <summary>
    /// When true, each SNAP also records its topic name (the broker's own key, e.g. <c>sf|nse_cm|11536</c>) per instrument
    /// for <see cref="TryGetTopicName"/>. For diagnostic tools: recording allocates a string per new topic. Default false.
    /// </summary>
    public bool RecordTopicNames
    {
        get => _topicNames is not null;
        init => _topicNames = value ? [] : null;
    }

    /// <summary>The topic name last seen for <paramref name="instrument"/>; false unless <see cref="RecordTopicNames"/> is set.</summary>
    public bool TryGetTopicName(Core.Instruments.InstrumentId instrument, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string name)
    {
        name = null;
        return _topicNames is not null && _topicNames.TryGetValue(instrument, out name);
    }

    /// <summary>Records a SNAP's topic name when <see cref="RecordTopicNames"/> is set (cold: SNAPs only).</summary>
    internal void RecordTopicName(Core.Instruments.InstrumentId instrument, ReadOnlySpan<byte> name)
    {
        if (_topicNames is not null)
        {
            _topicNames[instrument] = System.Text.Encoding.UTF8.GetString(name);
        }
    }

    /// <summary>Most topics the cache holds.</summary>
    public int TopicCapacity => _topics.Length;

    /// <summary>Topics cached (SNAPs seen since the last connect response).</summary>
    public int TopicCount => Volatile.Read(ref _count);

    /// <summary>Data frames between ACKs, from the last connect response; 0 when frames carry no message number.</summary>
    public int AckInterval => Volatile.Read(ref _ackInterval);

    /// <summary>Message number of the last data frame (0 without ACKs).</summary>
    public int LastMessageNumber => Volatile.Read(ref _lastMessageNumber);

    /// <summary>A new connection: forgets every topic and starts counting frames for <paramref name="ackInterval"/>.</summary>
    internal void Reset(int ackInterval)
    {
        Array.Clear(_topics);
        Array.Clear(_buckets);
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _ackInterval, ackInterval);
        Volatile.Write(ref _lastMessageNumber, 0);
        _framesSinceAck = 0;
    }

    /// <summary>Counts a data frame; true when it completes an ACK interval (the counter restarts).</summary>
    internal bool CountFrame(int messageNumber)
    {
        Volatile.Write(ref _lastMessageNumber, messageNumber);
        if (++_framesSinceAck < _ackInterval)
        {
            return false;
        }

        _framesSinceAck = 0;
        return true;
    }

    /// <summary>Grows the cache (cold) to hold <paramref name="topics"/>, keeping the cached topics.</summary>
    internal void EnsureCapacity(int topics)
    {
        if (topics <= _topics.Length)
        {
            return;
        }

        KotakHsmTopic[] oldTopics = _topics;
        int[] oldValues = _values;
        int oldCount = _count;
        Allocate(topics);
        for (int i = 0; i < oldCount; i++)
        {
            ref KotakHsmTopic topic = ref Claim(oldTopics[i].TopicId, out int index);
            topic = oldTopics[i];
            oldValues.AsSpan(i * KotakHsmLayout.MaxFields, KotakHsmLayout.MaxFields).CopyTo(Values(index));
        }
    }

    /// <summary>The cached topic <paramref name="topicId"/>, or a null reference when no SNAP introduced it.</summary>
    internal ref KotakHsmTopic Find(int topicId, out int index)
    {
        int slot = Slot(topicId);
        while (true)
        {
            index = _buckets[slot] - 1;
            if (index < 0)
            {
                return ref Unsafe.NullRef<KotakHsmTopic>();
            }

            ref KotakHsmTopic topic = ref _topics[index];
            if (topic.TopicId == topicId)
            {
                return ref topic;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The slot of <paramref name="topicId"/>, added when new; a null reference when the cache is full.</summary>
    internal ref KotakHsmTopic Claim(int topicId, out int index)
    {
        ref KotakHsmTopic existing = ref Find(topicId, out index);
        if (!Unsafe.IsNullRef(ref existing))
        {
            return ref existing;
        }

        if (_count == _topics.Length)
        {
            index = -1;
            return ref Unsafe.NullRef<KotakHsmTopic>();
        }

        index = _count;
        int slot = Slot(topicId);
        while (_buckets[slot] != 0)
        {
            slot = (slot + 1) & _mask;
        }

        _buckets[slot] = index + 1;
        Volatile.Write(ref _count, index + 1);
        ref KotakHsmTopic topic = ref _topics[index];
        topic = default;
        topic.TopicId = topicId;
        return ref topic;
    }

    /// <summary>The merged values of the topic in slot <paramref name="index"/> (field id → raw value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<int> Values(int index) => _values.AsSpan(index * KotakHsmLayout.MaxFields, KotakHsmLayout.MaxFields);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int topicId) => (int)(((uint)topicId * 0x9E3779B1u) >> 7) & _mask;

    private void Allocate(int capacity)
    {
        _topics = new KotakHsmTopic[capacity];
        _values = new int[capacity * KotakHsmLayout.MaxFields];
        _buckets = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, capacity * 2))];
        _mask = _buckets.Length - 1;
        _count = 0;
    }
}
