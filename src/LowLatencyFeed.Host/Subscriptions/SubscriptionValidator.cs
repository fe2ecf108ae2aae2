using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>Checks a requested subscription against what its feed's protocol can carry; each refusal names the field.</summary>
public static class SubscriptionValidator
{
    /// <summary>The modes a protocol's connection streams.</summary>
    public static SubscriptionMode[] AllowedModes(string protocol) => protocol switch
    {
        "dhan-depth20" => [SubscriptionMode.Depth20],
        "dhan-depth200" => [SubscriptionMode.Depth200],
        "kotak" => [SubscriptionMode.Ltp, SubscriptionMode.Quote, SubscriptionMode.Full, SubscriptionMode.Depth20, SubscriptionMode.Depth200],
        _ => [SubscriptionMode.Ltp, SubscriptionMode.Quote, SubscriptionMode.Full],
    };

    /// <summary>Null when <paramref name="subscription"/> (item <paramref name="index"/> of the request) fits <paramref name="protocol"/>.</summary>
    public static ApiError? Check(string protocol, Subscription subscription, int index)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        string at = $"instruments[{index}]";
        SubscriptionMode[] modes = AllowedModes(protocol);
        if (Array.IndexOf(modes, subscription.Mode) < 0)
        {
            return Malformed($"{at}.mode", $"A {protocol} feed streams modes {string.Join(", ", modes)}; '{subscription.Mode}' was asked.");
        }

        if (subscription.PriceDecimals > 12)
        {
            return Malformed($"{at}.priceDecimals", $"'priceDecimals' must be at most 12, got {subscription.PriceDecimals}.");
        }

        try
        {
            if (protocol.StartsWith("dhan", StringComparison.Ordinal))
            {
                if (!DhanSegments.TryParse(subscription.Segment, out _))
                {
                    return Malformed($"{at}.segment", $"'{subscription.Segment}' is not a Dhan exchange segment (NSE_EQ, NSE_FNO, BSE_EQ, IDX_I, ...).");
                }

                DhanSubscriptions.SecurityId(subscription);
            }
            else if (protocol.StartsWith("kotak", StringComparison.Ordinal))
            {
                KotakSubscriptions.Split(KotakSubscriptions.Scrip(subscription));
            }
            else if (protocol == "binance" && !IsBinanceSymbol(subscription.Symbol))
            {
                // Binance/README.md §16: the symbol becomes the stream name's first part (btcusdt@trade).
                return Malformed(
                    $"{at}.symbol",
                    $"'{subscription.Symbol}' is not a Binance symbol: 1 to 20 of the letters A-Z, digits and '-', '_', '.' (such as BTCUSDT); a Binance subscription needs its 'symbol'.");
            }
        }
        catch (ArgumentException exception)
        {
            return Malformed($"{at}.symbol", exception.Message);
        }

        return null;
    }

    /// <summary>Binance/README.md §16: a symbol is 1 to 20 characters of A-Z (either case here), 0-9, '-', '_' and '.'.</summary>
    public static bool IsBinanceSymbol(string symbol)
    {
        if (symbol.Length is 0 or > 20)
        {
            return false;
        }

        foreach (char c in symbol)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static ApiError Malformed(string field, string detail) => new(400, "Malformed subscription", detail, field);
}
