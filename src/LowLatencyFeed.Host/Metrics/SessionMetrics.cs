using LowLatencyFeed.Host.Sessions;
using Prometheus;

namespace LowLatencyFeed.Host.Metrics;

/// <summary>Prometheus metrics of the market session scheduler, read before each scrape.</summary>
public static class SessionMetrics
{
    /// <summary>
    /// Registers the Kite login prompt's <c>llfeed_kite_login_*</c> and the calendar's
    /// <c>llfeed_holiday_unknown_year_lookups_total</c>.
    /// </summary>
    public static void Register(CollectorRegistry registry, MarketSessionScheduler sessions)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(sessions);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var pending = factory.CreateGauge("llfeed_kite_login_pending", "1 while the host waits for the day's Kite login (the login URL was announced), else 0.");
        var prompts = factory.CreateCounter("llfeed_kite_login_prompts_total", "Kite login prompts announced (log, /health, webhook).");
        var completed = factory.CreateCounter("llfeed_kite_login_completed_total", "Kite logins received through the host's redirect listener.");
        var unknownYears = factory.CreateCounter("llfeed_holiday_unknown_year_lookups_total", "Calendar lookups of weekdays in a year the holiday file has no list for (taken as trading days).");
        registry.AddBeforeCollectCallback(() =>
        {
            unknownYears.IncTo(sessions.Calendar.UnknownYearLookups);
            if (sessions.KitePrompt is { } prompt)
            {
                pending.Set(prompt.IsPending ? 1 : 0);
                prompts.IncTo(prompt.Prompts);
                completed.IncTo(prompt.Completed);
            }
        });
    }
}
