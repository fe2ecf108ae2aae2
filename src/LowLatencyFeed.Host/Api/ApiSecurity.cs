using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// The API's protections besides keys: a token-bucket rate limit per API key (per client address without one) answering
/// 429 with Retry-After, CORS for the configured origins only, and request size limits (Kestrel: 413/431).
/// </summary>
public static class ApiSecurity
{
    private const string CorsPolicy = "api";

    /// <summary>Registers the rate limiter, CORS and Kestrel's request limits.</summary>
    public static void AddServices(WebApplicationBuilder builder, ApiOptions options, ApiKeyRing keys, ApiCounters counters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeaderBytes;
            kestrel.Limits.MaxRequestLineSize = Math.Min(options.MaxRequestHeaderBytes, 16 * 1024);
        });
        if (options.Cors.Origins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. options.Cors.Origins])
                .WithMethods("GET", "POST", "DELETE")
                .WithHeaders("Authorization", "X-Api-Key", "Content-Type")
                .WithExposedHeaders("Retry-After")));
        }

        if (options.RateLimit.PermitsPerSecond > 0)
        {
            builder.Services.AddRateLimiter(limiter =>
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options.RateLimit, keys));
                limiter.OnRejected = (context, cancellationToken) => Reject(context, counters, cancellationToken);
            });
        }
    }

    /// <summary>Adds the middleware (before the endpoints).</summary>
    public static void Use(WebApplication app, ApiOptions options, ApiCounters counters)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);

        // Kestrel enforces the body limit only when a body is read; a declared oversized body is refused up front, so
        // no endpoint (nor the key check before it) ever sees it.
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                counters.Count(StatusCodes.Status413PayloadTooLarge);
                await Results.Problem(
                        $"The request body is {context.Request.ContentLength} bytes; the limit is {options.MaxRequestBodyBytes} (Api:MaxRequestBodyBytes).",
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Request too large")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        if (options.Cors.Origins.Count > 0)
        {
            app.UseCors(CorsPolicy);
        }

        if (options.RateLimit.PermitsPerSecond > 0)
        {
            app.UseRateLimiter();
        }
    }

    private static RateLimitPartition<string> Partition(HttpContext context, ApiRateLimitOptions limit, ApiKeyRing keys)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        // A valid key is its own bucket; anything else shares its client address's bucket, so an unknown key cannot
        // open a fresh bucket per guess.
        string partition = keys.Identify(context.Request) is { } name
            ? "key:" + name
            : "address:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);
        return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask Reject(OnRejectedContext context, ApiCounters counters, CancellationToken cancellationToken)
    {
        TimeSpan retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);
        HttpResponse response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        counters.Count(StatusCodes.Status429TooManyRequests);
        var problem = new ApiError(429, "Too many requests", "This API key (or client address) exceeded Api:RateLimit; retry after the Retry-After seconds.");
        await Results.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title).ExecuteAsync(context.HttpContext).ConfigureAwait(false);
    }
}
