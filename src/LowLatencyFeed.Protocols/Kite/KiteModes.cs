using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>Names and mappings of <see cref="KiteMode"/> as they appear in Kite's JSON requests.</summary>
public static class KiteModes
{
    /// <summary>The mode the server streams after a plain <c>subscribe</c> (pykiteconnect records quote).</summary>
    public const KiteMode AfterSubscribe = KiteMode.Quote;

    /// <summary>The wire name: <c>ltp</c>, <c>quote</c> or <c>full</c>.</summary>
    public static string Name(KiteMode mode) => mode switch
    {
        KiteMode.Ltp => "ltp",
        KiteMode.Quote => "quote",
        KiteMode.Full => "full",
        _ => ThrowHelper.ThrowArgumentOutOfRange<string, int>(nameof(mode), "Unknown Kite mode {0}.", (int)mode),
    };

    /// <summary>Parses a wire name (case-sensitive, as the server expects).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out KiteMode mode)
    {
        switch (name)
        {
            case "ltp":
                mode = KiteMode.Ltp;
                return true;
            case "quote":
                mode = KiteMode.Quote;
                return true;
            case "full":
                mode = KiteMode.Full;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>
    /// Maps an engine subscription mode. Depth20/Depth200 (Dhan-only) fall back to <see cref="KiteMode.Full"/>,
    /// the deepest data Kite has.
    /// </summary>
    public static KiteMode FromSubscription(SubscriptionMode mode) => mode switch
    {
        SubscriptionMode.Ltp => KiteMode.Ltp,
        SubscriptionMode.Quote => KiteMode.Quote,
        _ => KiteMode.Full,
    };
}
