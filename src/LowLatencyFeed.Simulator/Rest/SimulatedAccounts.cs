namespace LowLatencyFeed.Simulator.Rest;

/// <summary>The credentials the simulated brokers accept; anything else is refused with the broker's error.</summary>
public sealed record SimulatedAccounts
{
    /// <summary>Kite API key.</summary>
    public string KiteApiKey { get; init; } = "sim-api-key";

    /// <summary>Kite API secret (only its checksum travels).</summary>
    public string KiteApiSecret { get; init; } = "sim-api-secret";

    /// <summary>Dhan client id.</summary>
    public string DhanClientId { get; init; } = "1000000001";

    /// <summary>Dhan 6-digit PIN.</summary>
    public string DhanPin { get; init; } = "123456";

    /// <summary>Kotak application token.</summary>
    public string KotakAppToken { get; init; } = "sim-app-token";

    /// <summary>Kotak client code.</summary>
    public string KotakUcc { get; init; } = "SIMUCC";

    /// <summary>Kotak 6-digit MPIN.</summary>
    public string KotakMpin { get; init; } = "654321";

    /// <summary>The base32 TOTP secret of both Dhan and Kotak accounts.</summary>
    public string TotpSecret { get; init; } = "JBSWY3DPEHPK3PXP";
}
