using System.Globalization;

namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// What the harness's clients received: data messages (those inside a batch counted one by one), WebSocket payload
/// bytes, how many connections the server closed, and the CPU time the client process spent while they read (the
/// <c>stream-clients</c> child only: in-process clients share the host's process, 0). <see cref="ToLine"/> and <see cref="TryParse"/> are the
/// machine-readable line the <c>stream-clients</c> child prints for its parent.
/// </summary>
internal readonly record struct StreamClientCounts(long Messages, long Bytes, int Closed, long CpuMilliseconds)
{
    private const string Prefix = "stream-clients ";

    public StreamClientCounts Add(StreamClientCounts other) => new(Messages + other.Messages, Bytes + other.Bytes, Closed + other.Closed, CpuMilliseconds + other.CpuMilliseconds);

    /// <summary>e.g. <c>stream-clients messages=105213250 bytes=7830000000 closed=0 cpu_ms=9120</c>.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}messages={Messages} bytes={Bytes} closed={Closed} cpu_ms={CpuMilliseconds}");

    public static bool TryParse(string line, out StreamClientCounts counts)
    {
        counts = default;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        long messages = -1;
        long bytes = -1;
        int closed = -1;
        long cpu = -1;
        foreach (string field in line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                return false;
            }

            string value = field[(equals + 1)..];
            switch (field[..equals])
            {
                case "messages" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long m): messages = m; break;
                case "bytes" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long b): bytes = b; break;
                case "closed" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int c): closed = c; break;
                case "cpu_ms" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long ms): cpu = ms; break;
                default: return false;
            }
        }

        if (messages < 0 || bytes < 0 || closed < 0 || cpu < 0)
        {
            return false;
        }

        counts = new StreamClientCounts(messages, bytes, closed, cpu);
        return true;
    }
}
