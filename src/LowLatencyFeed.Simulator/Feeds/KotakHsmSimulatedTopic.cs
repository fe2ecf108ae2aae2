using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>One topic a simulated HSM client subscribed: its id, channel, and the values last sent (null before its SNAP).</summary>
internal sealed class KotakHsmSimulatedTopic(int topicId, KotakHsmTopicKind kind, byte channel, string name)
{
    /// <summary>The id its SNAP introduces.</summary>
    public int TopicId { get; } = topicId;

    /// <summary>Scrip, index or depth.</summary>
    public KotakHsmTopicKind Kind { get; } = kind;

    /// <summary>The channel it was subscribed on (counted against the 200-per-channel limit).</summary>
    public byte Channel { get; } = channel;

    /// <summary>The topic name as the client sent it, e.g. <c>sf|nse_cm|11536</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Every value sent so far by field id (<see cref="KotakHsmLayout.NoValue"/> = never); null until the SNAP.</summary>
    public int[]? Last { get; set; }
}
