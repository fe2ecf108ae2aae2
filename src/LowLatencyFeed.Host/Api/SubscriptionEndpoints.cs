using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Subscriptions;
using LowLatencyFeed.Protocols.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// <c>GET/POST/DELETE /api/feeds/{name}/subscriptions</c>: list, subscribe or re-mode, and unsubscribe on the live
/// connections (README: API; the protocols' messages in each broker README). Changing needs an <c>operate</c> key.
/// </summary>
public static class SubscriptionEndpoints
{
    private const string Json = "application/json";

    /// <summary>Most instruments in one request.</summary>
    public const int MaxInstrumentsPerRequest = 1000;

    /// <summary>Maps the routes: the list on the read group, changes on the operate group.</summary>
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder operate, ApiServices api)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(operate);
        ArgumentNullException.ThrowIfNull(api);
        read.MapGet("/feeds/{name}/subscriptions", (string name) => List(api, name))
            .WithSummary("The instruments a feed subscribes now, with mode and the connection carrying each.")
            .Produces<List<SubscriptionView>>(200, Json).ProducesProblem(404);
        operate.MapPost("/feeds/{name}/subscriptions", (string name, HttpRequest request) => SubscribeAsync(api, name, request))
            .WithSummary("Subscribes instruments, or changes the mode of subscribed ones, on the live connection (needs an operate key). "
                + "Body: {\"instruments\": [{\"token\": 408065, \"symbol\": \"\", \"segment\": \"\", \"mode\": \"Full\", \"priceDecimals\": 2, \"quantityDecimals\": 0}]}.")
            .Accepts<JsonElement>(Json)
            .Produces<SubscriptionChangeView>(200, Json).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        operate.MapDelete("/feeds/{name}/subscriptions", (string name, HttpRequest request) => UnsubscribeAsync(api, name, request))
            .WithSummary("Unsubscribes instruments on the live connection (needs an operate key): ?instrument=408065&instrument=Kite:884737.")
            .Produces<SubscriptionChangeView>(200, Json).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }

    /// <summary>The master in use for the broker of a feed of <paramref name="kind"/>, or null.</summary>
    private static InstrumentMaster? MasterOf(ApiServices api, FeedKind kind)
    {
        BrokerKind broker = kind switch
        {
            FeedKind.Kite => BrokerKind.Kite,
            FeedKind.Dhan => BrokerKind.Dhan,
            FeedKind.Kotak => BrokerKind.Kotak,
            _ => BrokerKind.Binance,
        };
        return api.Catalog.Masters?.Invoke().Find(master => master.Broker == broker);
    }

        private static IResult List(ApiServices api, string name) => api.Subscriptions.Find(name) is { } feed
        ? Results.Json(FeedSubscriptionService.List(feed), ApiJsonContext.Default.ListSubscriptionView)
        : UnknownFeed(api, name);

    private static async Task<IResult> SubscribeAsync(ApiServices api, string name, HttpRequest request)
    {
        if (api.Subscriptions.Find(name) is not { } feed)
        {
            return UnknownFeed(api, name);
        }

        List<Subscription> requested;
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (SubscriptionRequestParser.Parse(body.RootElement, feed.Kind, MaxInstrumentsPerRequest, MasterOf(api, feed.Kind), MasterSyncSchedule.IstDay(api.Time.GetUtcNow()), out requested) is { } malformed)
            {
                return ApiEndpoints.Problem(api, malformed);
            }
        }
        catch (JsonException exception)
        {
            return ApiEndpoints.Problem(api, new ApiError(400, "Malformed body", $"The body is not JSON: {exception.Message}", "body"));
        }

        var (view, error) = await api.Subscriptions.SubscribeAsync(feed, requested, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return error is not null ? ApiEndpoints.Problem(api, error) : Results.Json(view!, ApiJsonContext.Default.SubscriptionChangeView);
    }

    private static async Task<IResult> UnsubscribeAsync(ApiServices api, string name, HttpRequest request)
    {
        if (api.Subscriptions.Find(name) is not { } feed)
        {
            return UnknownFeed(api, name);
        }

        var tokens = new List<long>();
        foreach (string? value in request.Query["instrument"])
        {
            foreach (string part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ParseToken(part, feed.Kind) is not long token)
                {
                    return ApiEndpoints.Problem(api, new ApiError(400, "Malformed parameter", $"'instrument' must be a broker token or Feed:Token of feed '{feed.Name}' ({feed.Kind}), got '{part}'.", "instrument"));
                }

                tokens.Add(token);
            }
        }

        if (tokens.Count == 0)
        {
            return ApiEndpoints.Problem(api, new ApiError(400, "Missing parameter", "Name the instruments to unsubscribe: ?instrument=408065 (repeat it, or separate with commas).", "instrument"));
        }

        var (view, error) = await api.Subscriptions.UnsubscribeAsync(feed, tokens, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return error is not null ? ApiEndpoints.Problem(api, error) : Results.Json(view!, ApiJsonContext.Default.SubscriptionChangeView);
    }

    /// <summary>A token (<c>408065</c>) or <c>Feed:Token</c> of <paramref name="kind"/>; null when neither.</summary>
    private static long? ParseToken(string text, Core.Events.FeedKind kind)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!string.Equals(text[..colon], kind.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            text = text[(colon + 1)..];
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long token) && token > 0 && token <= InstrumentId.From(kind, long.MaxValue).Token
            ? token
            : null;
    }

    private static IResult UnknownFeed(ApiServices api, string name) =>
        ApiEndpoints.Problem(api, new ApiError(404, "Unknown feed", $"No feed is named '{name}'. See /api/feeds.", "name"));
}
