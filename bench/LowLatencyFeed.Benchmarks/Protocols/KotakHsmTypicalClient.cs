using System.Buffers.Binary;
using System.Text;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The benchmark baseline for HSM: a client as a typical C# developer would write it from the layout
/// (Kotak/README.md §4, §5): one topic object per SNAP holding the merged int values of its fields and its price divider
/// (recomputed only when the multiplier or precision field changes, from a table of powers of ten), and per record a
/// typed <see cref="KotakHsmTypicalUpdate"/> of the topic's merged state with <see cref="decimal"/> prices and a list
/// per depth side. No boxing, no dictionaries of strings, no <see cref="Math.Pow"/> per record. Correct on
/// well-formed frames only.
/// </summary>
public sealed class KotakHsmTypicalClient
{
    private const int NoValue = int.MinValue;
    private const int MaxFields = 64;

    private static readonly decimal[] s_powersOfTen = [1m, 10m, 100m, 1_000m, 10_000m, 100_000m, 1_000_000m, 10_000_000m, 100_000_000m, 1_000_000_000m];

    private readonly Dictionary<int, Topic> _topics = [];

    /// <summary>Parses a data frame without message number (type 6, Kotak/README.md §4): one update per record.</summary>
    public List<KotakHsmTypicalUpdate> Parse(byte[] frame)
    {
        var result = new List<KotakHsmTypicalUpdate>();
        ReadOnlySpan<byte> data = frame;
        int pos = 3;
        int records = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
        pos += 2;
        for (int r = 0; r < records; r++)
        {
            pos += 2;
            byte kind = data[pos++];
            int topicId = BinaryPrimitives.ReadInt32BigEndian(data[pos..]);
            pos += 4;
            Topic? topic;
            if (kind == (byte)'S')
            {
                int nameLength = data[pos++];
                topic = new Topic(Encoding.ASCII.GetString(data.Slice(pos, nameLength)));
                pos += nameLength;
                _topics[topicId] = topic;
            }
            else if (!_topics.TryGetValue(topicId, out topic))
            {
                throw new InvalidDataException($"HSM update for unknown topic {topicId}");
            }

            int count = data[pos++];
            bool scaleChanged = false;
            for (int i = 0; i < count; i++)
            {
                int value = BinaryPrimitives.ReadInt32BigEndian(data[pos..]);
                pos += 4;
                if (value != NoValue && i < MaxFields)
                {
                    topic.Values[i] = value;
                    scaleChanged |= i == topic.MultiplierField || i == topic.PrecisionField;
                }
            }

            if (kind == (byte)'S')
            {
                int strings = data[pos++];
                for (int i = 0; i < strings; i++)
                {
                    pos++;
                    pos += 1 + data[pos];
                }
            }

            if (scaleChanged)
            {
                topic.UpdateDivider();
            }

            result.Add(topic.Snapshot());
        }

        return result;
    }

    private sealed class Topic
    {
        public Topic(string name)
        {
            Name = name;
            Kind = name.Length >= 2 ? name[..2] : name;
            Token = uint.TryParse(name.AsSpan(name.LastIndexOf('|') + 1), out uint token) ? token : null;

            // Kotak/README.md §4: multiplier and precision fields per topic kind (scrip 23/24, index 8/9, depth 32/33).
            (MultiplierField, PrecisionField) = Kind switch { "if" => (8, 9), "dp" => (32, 33), _ => (23, 24) };
        }

        public string Name { get; }
        public string Kind { get; }
        public uint? Token { get; }
        public int MultiplierField { get; }
        public int PrecisionField { get; }
        public int[] Values { get; } = new int[MaxFields];

        /// <summary>Multiplier 1 and precision 2 until the topic sends its own (the SDK's defaults).</summary>
        public decimal Divider { get; private set; } = 100m;

        public void UpdateDivider()
        {
            int multiplier = Values[MultiplierField] == 0 ? 1 : Values[MultiplierField];
            int precision = Math.Clamp(Values[PrecisionField], 0, s_powersOfTen.Length - 1);
            Divider = multiplier * s_powersOfTen[precision];
        }

        public KotakHsmTypicalUpdate Snapshot()
        {
            int[] v = Values;
            var update = new KotakHsmTypicalUpdate { Topic = Name, Kind = Kind, Token = Token };
            switch (Kind)
            {
                case "if": // Kotak/README.md §5.2
                    update.LastPrice = v[2] / Divider;
                    update.Close = v[3] / Divider;
                    update.High = v[5] / Divider;
                    update.Low = v[6] / Divider;
                    update.Open = v[7] / Divider;
                    break;
                case "dp": // Kotak/README.md §5.3
                    for (int level = 0; level < 5; level++)
                    {
                        if (v[2 + level] != 0)
                        {
                            update.Bids.Add(new KotakTypicalLevel(v[2 + level] / Divider, v[12 + level], v[22 + level]));
                        }

                        if (v[7 + level] != 0)
                        {
                            update.Asks.Add(new KotakTypicalLevel(v[7 + level] / Divider, v[17 + level], v[27 + level]));
                        }
                    }

                    break;
                default: // Kotak/README.md §5.1
                    update.LastTradeTime = DateTimeOffset.FromUnixTimeSeconds(v[3]).UtcDateTime;
                    update.Volume = v[4];
                    update.LastPrice = v[5] / Divider;
                    update.LastQuantity = v[6];
                    update.TotalBuyQuantity = v[7];
                    update.TotalSellQuantity = v[8];
                    update.BidPrice = v[9] / Divider;
                    update.AskPrice = v[10] / Divider;
                    update.BidQuantity = v[11];
                    update.AskQuantity = v[12];
                    update.AveragePrice = v[13] / Divider;
                    update.Low = v[14] / Divider;
                    update.High = v[15] / Divider;
                    update.Open = v[20] / Divider;
                    update.Close = v[21] / Divider;
                    update.OpenInterest = v[22];
                    break;
            }

            return update;
        }
    }
}
