using OtpNet;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>
/// RFC 6238 codes as Dhan and Kotak expect them: 6 digits, 30-second steps, HMAC-SHA-1 over the base32 secret the
/// account holder saved when registering TOTP (Dhan/README.md §11, Kotak/README.md §11). A code with fewer than 3 s
/// left is not used: the next one is awaited, so it cannot expire in flight.
/// </summary>
public static class TotpCode
{
    private const int MinimumSecondsLeft = 3;

    /// <summary>The code at <paramref name="now"/>.</summary>
    public static string At(string base32Secret, DateTimeOffset now) => Create(base32Secret).ComputeTotp(now.UtcDateTime);

    /// <summary>A code with at least 3 s of life, waiting for the next step when needed.</summary>
    public static async Task<string> FreshAsync(string base32Secret, TimeProvider time, CancellationToken cancellationToken)
    {
        Totp totp = Create(base32Secret);
        DateTimeOffset now = time.GetUtcNow();
        int left = totp.RemainingSeconds(now.UtcDateTime);
        if (left < MinimumSecondsLeft)
        {
            await Task.Delay(TimeSpan.FromSeconds(left + 0.2), time, cancellationToken).ConfigureAwait(false);
            now = time.GetUtcNow();
        }

        return totp.ComputeTotp(now.UtcDateTime);
    }

    private static Totp Create(string base32Secret)
    {
        byte[] key;
        try
        {
            key = Base32Encoding.ToBytes(base32Secret.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        }
        catch (ArgumentException exception)
        {
            throw new LoginException("the TOTP secret is not base32 (the text shown under the QR code when TOTP was set up)", exception);
        }

        return new Totp(key, step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
    }
}
