namespace LowLatencyFeed.Protocols.Tests.Fuzz;

/// <summary>Seeded damage for fuzz tests: random frames and small mutations of valid ones.</summary>
internal static class FrameMutator
{
    /// <summary>Flips, overwrites, inserts, deletes or truncates a few bytes.</summary>
    public static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = new List<byte>(frame);
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations; m++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    if (bytes.Count > 1)
                    {
                        bytes[at] = 0xFF;
                        bytes[(at + 1) % bytes.Count] = 0xFF;
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static int Pick(Random random, int[] choices) => choices[random.Next(choices.Length)];
}
