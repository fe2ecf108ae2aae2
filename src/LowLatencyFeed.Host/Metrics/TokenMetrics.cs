using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Host.Tokens;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prometheus metrics of the stored broker tokens, read before each scrape.</summary>
public static class TokenMetrics
{
    /// <summary>Registers <c>llfeed_broker_token_*</c>.</summary>
    public static void Register(CollectorRegistry registry, TokenRotationService tokens)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tokens);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var expiry = factory.CreateGauge("llfeed_broker_token_seconds_to_expiry", "Seconds until the stored session token of the broker expires (negative: expired); absent when the broker states no expiry.", "broker");
        var rotations = factory.CreateCounter("llfeed_broker_token_rotations_total", "Feed connections restarted because the broker's stored token changed.", "broker");
        var rejected = factory.CreateCounter("llfeed_broker_token_rejected_total", "Feed handshakes the broker refused with HTTP 401/403 (expired or revoked token).", "broker");
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (BrokerKind broker in Enum.GetValues<BrokerKind>())
            {
                string name = broker.ToString();
                if (tokens.SecondsToExpiry(broker) is { } seconds)
                {
                    expiry.WithLabels(name).Set(seconds);
                }

                rotations.WithLabels(name).IncTo(tokens.Rotations(broker));
                rejected.WithLabels(name).IncTo(tokens.RejectedHandshakes(broker));
            }
        });
    }
}
