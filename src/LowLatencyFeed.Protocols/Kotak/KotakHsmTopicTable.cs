using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Immutable lookup from a subscribed topic name (<c>sf|nse_cm|11536</c>, as UTF-8 bytes) to its engine instrument,
/// so a SNAP's topic name is matched without allocating: names are pre-encoded and hashed ASCII-case-insensitively.
/// Rebuilt (cold) when the subscriptions change.
/// </summary>
internal sealed class KotakHsmTopicTable
{
    private readonly Entry[] _entries;
    private readonly int[] _buckets;
    private readonly int _mask;

    private KotakHsmTopicTable(Entry[] entries)
    {
        _entries = entries;
        _buckets = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, entries.Length * 2))];
        _mask = _buckets.Length - 1;
        for (int i = 0; i < entries.Length; i++)
        {
            int slot = (int)Hash(entries[i].Name) & _mask;
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _buckets[slot] = i + 1;
        }
    }

    /// <summary>An empty table.</summary>
    public static KotakHsmTopicTable Empty { get; } = new([]);

    /// <summary>Subscribed topics.</summary>
    public int Count => _entries.Length;

    /// <summary>The table for <paramref name="topics"/> (as <see cref="KotakHsmTopics.Expand"/> lists them).</summary>
    public static KotakHsmTopicTable Build(IReadOnlyList<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> topics)
    {
        var entries = new Entry[topics.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            (KotakHsmTopicKind kind, string scrip, Subscription s) = topics[i];
            entries[i] = new Entry(Encoding.UTF8.GetBytes(KotakHsmTopics.Name(kind, scrip)), new KotakHsmInstrument(s.Instrument, s.PriceDecimals, s.QuantityDecimals, configured: true));
        }

        return new KotakHsmTopicTable(entries);
    }

    /// <summary>The instrument subscribed under <paramref name="topicName"/> (ASCII case-insensitive).</summary>
    public bool TryGet(ReadOnlySpan<byte> topicName, out KotakHsmInstrument instrument)
    {
        int slot = (int)Hash(topicName) & _mask;
        while (true)
        {
            int index = _buckets[slot] - 1;
            if (index < 0)
            {
                instrument = default;
                return false;
            }

            ref readonly Entry entry = ref _entries[index];
            if (Ascii.EqualsIgnoreCase(entry.Name, topicName))
            {
                instrument = entry.Instrument;
                return true;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>FNV-1a over the ASCII-lowercased bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> name)
    {
        uint hash = 2166136261;
        foreach (byte b in name)
        {
            hash = (hash ^ (uint)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b)) * 16777619;
        }

        return hash ^ (hash >> 15);
    }

    private readonly record struct Entry(byte[] Name, KotakHsmInstrument Instrument);
}
