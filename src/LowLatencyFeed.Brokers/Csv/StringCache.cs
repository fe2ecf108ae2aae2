using System.Text;

namespace LowLatencyFeed.Brokers.Csv;

/// <summary>
/// Interns low-cardinality field values (exchange, segment, instrument type, underlying name) so 10^5 rows share a few
/// hundred strings instead of allocating one per row. Looked up by the bytes, allocating only on a first sighting.
/// </summary>
public sealed class StringCache
{
    private readonly Dictionary<int, List<(byte[] Bytes, string Text)>> _byHash = [];

    /// <summary>The string for <paramref name="utf8"/> (trimmed).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        utf8 = FieldText.Trim(utf8);
        if (utf8.IsEmpty)
        {
            return "";
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        int key = hash.ToHashCode();
        if (!_byHash.TryGetValue(key, out var bucket))
        {
            bucket = [];
            _byHash.Add(key, bucket);
        }

        foreach (var (bytes, text) in bucket)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        string created = Encoding.UTF8.GetString(utf8);
        bucket.Add((utf8.ToArray(), created));
        return created;
    }

    /// <summary>The cached form of <paramref name="text"/>.</summary>
    public string Get(string text) => Get(Encoding.UTF8.GetBytes(text));
}
