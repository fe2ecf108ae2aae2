using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Reads a subscribe body: <c>{"instruments": [{"token": N, "symbol": "", "segment": "", "mode": "Full",
/// "priceDecimals": 2, "quantityDecimals": 0}, ...]}</c>, or an instrument by <c>"name"</c> (<c>NSE:INFY</c>,
/// <c>NFO:NIFTY26JANFUT</c>, the broker key) resolved through the feed's broker's instrument master, which then gives
/// the token, wire symbol or segment and decimals (values also given must agree, Brokers/README.md §2). Every refusal
/// names the field (<c>instruments[1].mode</c>).
/// </summary>
public static class SubscriptionRequestParser
{
    /// <summary>Null and the subscriptions, or the error naming the field at fault.</summary>
    public static ApiError? Parse(JsonElement root, FeedKind kind, int maxInstruments, out List<Subscription> subscriptions) =>
        Parse(root, kind, maxInstruments, null, default, out subscriptions);

    /// <summary>
    /// As <see cref="Parse(JsonElement, FeedKind, int, out List{Subscription})"/>, resolving <c>"name"</c> items through
    /// <paramref name="master"/> (the feed's broker's master in use; null: names are refused) as of <paramref name="today"/>.
    /// </summary>
    public static ApiError? Parse(JsonElement root, FeedKind kind, int maxInstruments, InstrumentMaster? master, DateOnly today, out List<Subscription> subscriptions)
    {
        subscriptions = [];
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instruments", out JsonElement list))
        {
            return Malformed("instruments", "The body must be an object with an 'instruments' array.");
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0 || list.GetArrayLength() > maxInstruments)
        {
            return Malformed("instruments", $"'instruments' must be an array of 1 to {maxInstruments} objects.");
        }

        int index = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            string at = $"instruments[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Malformed(at, $"'{at}' must be an object with at least 'token' or 'name'.");
            }

            if (item.TryGetProperty("name", out JsonElement nameElement))
            {
                if (!Resolve(item, nameElement, at, kind, master, today, out Subscription? named, out ApiError? nameError))
                {
                    return nameError;
                }

                subscriptions.Add(named!);
                index++;
                continue;
            }

            if (!item.TryGetProperty("token", out JsonElement tokenElement) || tokenElement.ValueKind != JsonValueKind.Number || !tokenElement.TryGetInt64(out long token) || token <= 0 || token > InstrumentId.From(kind, long.MaxValue).Token)
            {
                return Malformed($"{at}.token", $"'{at}.token' must be a positive broker token (a JSON number).");
            }

            SubscriptionMode mode = SubscriptionMode.Full;
            if (item.TryGetProperty("mode", out JsonElement modeElement)
                && (modeElement.ValueKind != JsonValueKind.String || !Enum.TryParse(modeElement.GetString(), ignoreCase: true, out mode) || !Enum.IsDefined(mode)))
            {
                return Malformed($"{at}.mode", $"'{at}.mode' must be one of {string.Join(", ", Enum.GetNames<SubscriptionMode>())}.");
            }

            if (Text(item, "symbol", at, out string symbol) is { } symbolError)
            {
                return symbolError;
            }

            if (Text(item, "segment", at, out string segment) is { } segmentError)
            {
                return segmentError;
            }

            if (Decimals(item, "priceDecimals", at, 2, out byte priceDecimals) is { } priceError)
            {
                return priceError;
            }

            if (Decimals(item, "quantityDecimals", at, 0, out byte quantityDecimals) is { } quantityError)
            {
                return quantityError;
            }

            subscriptions.Add(new Subscription(InstrumentId.From(kind, token), symbol, segment, mode, priceDecimals, quantityDecimals));
            index++;
        }

        return null;
    }

    private static bool Resolve(JsonElement item, JsonElement nameElement, string at, FeedKind kind, InstrumentMaster? master, DateOnly today, out Subscription? subscription, out ApiError? error)
    {
        subscription = null;
        error = null;
        if (nameElement.ValueKind != JsonValueKind.String || nameElement.GetString() is not { Length: > 0 } name)
        {
            error = Malformed($"{at}.name", $"'{at}.name' must be a non-empty string such as \"NSE:INFY\".");
            return false;
        }

        if (master is null)
        {
            error = new ApiError(409, "No instrument master", $"'{at}.name' needs the feed's broker's instrument master, and none is loaded (InstrumentMasters:SyncOnStart, or `llfeed instruments sync`).", $"{at}.name");
            return false;
        }

        var options = new InstrumentOptions { Name = name };
        if (item.TryGetProperty("token", out JsonElement tokenElement))
        {
            if (tokenElement.ValueKind != JsonValueKind.Number || !tokenElement.TryGetInt64(out long token) || token <= 0)
            {
                error = Malformed($"{at}.token", $"'{at}.token' must be a positive broker token (a JSON number).");
                return false;
            }

            options.Token = token;
        }

        SubscriptionMode mode = SubscriptionMode.Full;
        if (item.TryGetProperty("mode", out JsonElement modeElement)
            && (modeElement.ValueKind != JsonValueKind.String || !Enum.TryParse(modeElement.GetString(), ignoreCase: true, out mode) || !Enum.IsDefined(mode)))
        {
            error = Malformed($"{at}.mode", $"'{at}.mode' must be one of {string.Join(", ", Enum.GetNames<SubscriptionMode>())}.");
            return false;
        }

        if (Text(item, "segment", at, out string segment) is { } segmentError)
        {
            error = segmentError;
            return false;
        }

        options.Segment = segment;
        if (item.TryGetProperty("priceDecimals", out _))
        {
            if (Decimals(item, "priceDecimals", at, 2, out byte priceDecimals) is { } priceError)
            {
                error = priceError;
                return false;
            }

            options.PriceDecimals = priceDecimals;
        }

        if (item.TryGetProperty("quantityDecimals", out _))
        {
            if (Decimals(item, "quantityDecimals", at, 0, out byte quantityDecimals) is { } quantityError)
            {
                error = quantityError;
                return false;
            }

            options.QuantityDecimals = quantityDecimals;
        }

        var problems = new List<string>();
        if (!InstrumentNameResolver.ResolveOne($"{at}.name '{name}'", options, master.Broker, master, today, problems))
        {
            bool unknown = master.Find(name) is null;
            error = new ApiError(unknown ? 404 : 400, unknown ? "Unknown instrument" : "Instrument refused", problems[0], $"{at}.name");
            return false;
        }

        subscription = new Subscription(InstrumentId.From(kind, options.Token), options.Symbol, options.Segment, mode, options.PriceDecimals ?? 2, options.QuantityDecimals ?? 0);
        return true;
    }

    private static ApiError? Text(JsonElement item, string name, string at, out string value)
    {
        value = "";
        if (!item.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Malformed($"{at}.{name}", $"'{at}.{name}' must be a string.");
        }

        value = element.GetString()!;
        return null;
    }

    private static ApiError? Decimals(JsonElement item, string name, string at, byte fallback, out byte value)
    {
        value = fallback;
        if (!item.TryGetProperty(name, out JsonElement element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetByte(out value) || value > 12)
        {
            return Malformed($"{at}.{name}", $"'{at}.{name}' must be an integer from 0 to 12.");
        }

        return null;
    }

    private static ApiError Malformed(string field, string detail) => new(400, "Malformed body", detail, field);
}
