using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// The SDK-like HSM client style, kept as the benchmark baseline: a topic object per SNAP holding boxed field values, a
/// string-keyed dictionary of changed fields per record (as the SDK hands to callbacks, every value a string), prices
/// as <see cref="decimal"/> ÷ (multiplier × 10^precision).
/// </summary>
public sealed class KotakHsmTypicalClient
{
    private static readonly string[] s_scripKeys =
    [
        "ftm0", "dtm1", "fdtm", "ltt", "v", "ltp", "ltq", "tbq", "tsq", "bp", "sp", "bq", "bs", "ap", "lo", "h", "lcl", "ucl", "yh", "yl", "op", "c", "oi", "mul", "prec",
        "cng", "nc", "to",
    ];

    private readonly Dictionary<int, (string Name, object?[] Values)> _topics = [];

    public List<Dictionary<string, string>> Parse(byte[] frame)
    {
        var result = new List<Dictionary<string, string>>();
        int pos = 3;
        int records = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(pos));
        pos += 2;
        for (int r = 0; r < records; r++)
        {
            pos += 2;
            byte kind = frame[pos++];
            int topicId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(pos));
            pos += 4;
            if (kind == (byte)'S')
            {
                int nameLength = frame[pos++];
                string name = Encoding.ASCII.GetString(frame, pos, nameLength);
                pos += nameLength;
                _topics[topicId] = (name, new object?[100]);
            }

            (string topicName, object?[] values) = _topics[topicId];
            var changed = new Dictionary<string, string> { ["name"] = topicName[..2] };
            int count = frame[pos++];
            for (int i = 0; i < count; i++)
            {
                int value = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(pos));
                pos += 4;
                if (value != int.MinValue && !Equals(values[i], value))
                {
                    values[i] = value;
                    changed[i < s_scripKeys.Length ? s_scripKeys[i] : i.ToString(CultureInfo.InvariantCulture)] = string.Empty;
                }
            }

            if (kind == (byte)'S')
            {
                int strings = frame[pos++];
                for (int i = 0; i < strings; i++)
                {
                    pos++;
                    int length = frame[pos++];
                    changed["s" + i.ToString(CultureInfo.InvariantCulture)] = Encoding.ASCII.GetString(frame, pos, length);
                    pos += length;
                }
            }

            (int mul, int prec) = topicName[..2] switch { "if" => (8, 9), "dp" => (32, 33), _ => (23, 24) };
            decimal divider = Convert.ToDecimal(values[mul] ?? 1, CultureInfo.InvariantCulture) * (decimal)Math.Pow(10, Convert.ToInt32(values[prec] ?? 2, CultureInfo.InvariantCulture));
            foreach (string key in changed.Keys.ToArray())
            {
                int field = Array.IndexOf(s_scripKeys, key);
                if (field >= 0 && topicName.StartsWith("sf", StringComparison.Ordinal) && values[field] is int raw)
                {
                    changed[key] = key is "ltp" or "bp" or "sp" or "ap" or "lo" or "h" or "op" or "c" or "lcl" or "ucl" or "yh" or "yl"
                        ? (raw / divider).ToString("F2", CultureInfo.InvariantCulture)
                        : raw.ToString(CultureInfo.InvariantCulture);
                }
            }

            result.Add(changed);
        }

        return result;
    }
}
