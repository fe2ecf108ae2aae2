using System.Security.Cryptography;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// The simulator's own RFC 6238 check (HMAC-SHA-1, 30 s steps, 6 digits), written independently of the host's TOTP
/// library so a login test proves the two agree. Accepts the previous, current and next step, as servers do.
/// </summary>
public static class SimulatedTotp
{
    /// <summary>The 6-digit code of <paramref name="base32Secret"/> at Unix second <paramref name="unixSeconds"/>.</summary>
    public static string Code(string base32Secret, long unixSeconds)
    {
        byte[] key = Base32(base32Secret);
        long counter = unixSeconds / 30;
        byte[] message = new byte[8];
        for (int i = 7; i >= 0; i--)
        {
            message[i] = (byte)counter;
            counter >>= 8;
        }

        byte[] hash = HMACSHA1.HashData(key, message);
        int offset = hash[^1] & 0x0F;
        int binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="code"/> is valid now (one step of clock skew either way).</summary>
    public static bool IsValid(string base32Secret, string? code)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return code is { Length: 6 } && (code == Code(base32Secret, now) || code == Code(base32Secret, now - 30) || code == Code(base32Secret, now + 30));
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (char c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
