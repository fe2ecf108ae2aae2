namespace LowLatencyFeed.Simulator.Rest;

/// <summary>The credentials the simulated brokers accept; anything else is refused with the broker's error.</summary>
public sealed record SimulatedAccounts
{
    /// <summary>Kite API key.</summary>
    public string KiteApiKey { get; init; } = "sim-api-key";

    /// <summary>Kite API secret (only its checksum travels).</summary>
    public string KiteApiSecret { get; init; } = "sim-api-secret";

    /// <summary>The redirect URL registered with the Kite app: where the simulated login page sends <c>request_token</c>.</summary>
    public string KiteRedirectUrl { get; init; } = "http://127.0.0.1:5123/kite/redirect";

    /// <summary>Dhan client id.</summary>
    public string DhanClientId { get; init; } = "1000000001";

    /// <summary>Dhan 6-digit PIN.</summary>
    public string DhanPin { get; init; } = "123456";

    /// <summary>Dhan API key (the consent flow's <c>app_id</c>).</summary>
    public string DhanApiKey { get; init; } = "sim-dhan-key";

    /// <summary>Dhan API secret (the consent flow's <c>app_secret</c>).</summary>
    public string DhanApiSecret { get; init; } = "sim-dhan-secret";

    /// <summary>The Redirect URL registered with the Dhan API key: where the consent login page sends <c>?tokenId=</c>.</summary>
    public string DhanRedirectUrl { get; init; } = "http://127.0.0.1:5124/dhan/redirect";

    /// <summary>Kotak application token.</summary>
    public string KotakAppToken { get; init; } = "sim-app-token";

    /// <summary>Kotak client code.</summary>
    public string KotakUcc { get; init; } = "SIMUCC";

    /// <summary>Kotak 6-digit MPIN.</summary>
    public string KotakMpin { get; init; } = "654321";

    /// <summary>The base32 TOTP secret of both Dhan and Kotak accounts.</summary>
    public string TotpSecret { get; init; } = "JBSWY3DPEHPK3PXP";
}
