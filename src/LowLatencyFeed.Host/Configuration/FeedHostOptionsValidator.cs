using System.Numerics;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Checks a loaded configuration and names every problem with its path, before anything starts.</summary>
public static class FeedHostOptionsValidator
{
    private static readonly HashSet<string> s_protocols = new(StringComparer.OrdinalIgnoreCase) { "kite", "dhan", "dhan-depth20", "dhan-depth200", "kotak", "kotak-hsm", "binance" };

    /// <summary>
    /// Ring-wide BusySpin spins every ingress consumer (journal, bars, books, db-stager and stream at least): a core each,
    /// plus one for the feed sessions and one for everything else.
    /// </summary>
    public const int BusySpinMinimumCores = 7;

    /// <summary>The consumers of the ingress ring, by the names <c>Ring:SpinningConsumer</c> and <c>Pinning:Cores</c> use.</summary>
    public static readonly IReadOnlyList<string> IngressConsumers = ["journal", "bars", "books", "db-stager", "stream", "bus", "scoring"];

    /// <summary>Every problem found; empty when the options are usable.</summary>
    /// <param name="options">The loaded configuration.</param>
    /// <param name="requireFeeds">Whether at least one feed must be configured.</param>
    /// <param name="processorCount">Cores of the machine the host will run on; null: this machine's.</param>
    public static List<string> Validate(FeedHostOptions options, bool requireFeeds, int? processorCount = null)
    {
        var errors = new List<string>();
        if (options.Ring.Capacity < 2 || !BitOperations.IsPow2(options.Ring.Capacity))
        {
            errors.Add($"Ring:Capacity must be a power of two ≥ 2, got {options.Ring.Capacity}");
        }

        ValidateWaiting(options, processorCount ?? Environment.ProcessorCount, errors);

        BackfillOptions backfill = options.Backfill;
        if (Api.TimeframeNames.Parse(backfill.Timeframe) <= TimeSpan.Zero)
        {
            errors.Add($"Backfill:Timeframe must be 1m, 5m, 15m, 1d … or seconds, got '{backfill.Timeframe}'");
        }

        if (backfill.KiteRequestsPerSecond <= 0 || backfill.DhanRequestsPerSecond <= 0 || backfill.BinanceRequestsPerSecond <= 0)
        {
            errors.Add("Backfill:KiteRequestsPerSecond, DhanRequestsPerSecond and BinanceRequestsPerSecond must be positive");
        }

        if (backfill.GapPollSeconds < 1 || backfill.GapLookbackHours < 1)
        {
            errors.Add($"Backfill:GapPollSeconds and GapLookbackHours must be at least 1, got {backfill.GapPollSeconds} and {backfill.GapLookbackHours}");
        }

        if (options.ClockIntervalMilliseconds is < 10 or > 60_000)
        {
            errors.Add($"ClockIntervalMilliseconds must be between 10 and 60000, got {options.ClockIntervalMilliseconds}");
        }

        if (!Uri.TryCreate(options.MetricsUrl, UriKind.Absolute, out var metricsUri) || metricsUri.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"MetricsUrl must be an absolute http:// URL, got '{options.MetricsUrl}'");
        }

        if (options.Api.Url is { Length: > 0 } apiUrl
            && (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var apiUri) || apiUri.Scheme != Uri.UriSchemeHttp || apiUri.Port == 0))
        {
            errors.Add($"Api:Url must be an absolute http:// URL with a fixed port, got '{apiUrl}'");
        }

        if (options.Api.RateLimit.PermitsPerSecond < 0 || options.Api.RateLimit.Burst < 1)
        {
            errors.Add("Api:RateLimit: PermitsPerSecond must be ≥ 0 (0 = off) and Burst ≥ 1");
        }

        foreach (string origin in options.Api.Cors.Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? parsed) || parsed.Scheme is not ("http" or "https") || parsed.AbsolutePath != "/")
            {
                errors.Add($"Api:Cors:Origins: '{origin}' must be an origin such as https://dashboard.example.com (scheme, host, optional port)");
            }
        }

        if (options.Api.MaxRequestBodyBytes < 1024 || options.Api.MaxRequestHeaderBytes < 4096)
        {
            errors.Add("Api: MaxRequestBodyBytes must be ≥ 1024 and MaxRequestHeaderBytes ≥ 4096");
        }

        if (options.Api.MaxRawRangeHours <= 0 || options.Api.MaxBarRangeDays <= 0 || options.Api.DefaultLimit < 1 || options.Api.MaxLimit < options.Api.DefaultLimit)
        {
            errors.Add("Api: MaxRawRangeHours and MaxBarRangeDays must be positive, and 1 ≤ DefaultLimit ≤ MaxLimit");
        }

        if (options.InstrumentMasters.DailySyncAt.Length > 0)
        {
            try
            {
                LowLatencyFeed.Brokers.Masters.MasterSyncSchedule.Parse(options.InstrumentMasters.DailySyncAt);
            }
            catch (FormatException exception)
            {
                errors.Add($"InstrumentMasters:DailySyncAt: {exception.Message}, e.g. \"08:00\"");
            }
        }

        foreach (var (consumer, core) in options.Pinning.Cores)
        {
            if (core < 0)
            {
                errors.Add($"Pinning:Cores:{consumer} must be ≥ 0, got {core}");
            }
        }

        foreach (string timeframe in options.Processing.Timeframes.Concat(options.Processing.FlatBarTimeframes))
        {
            try
            {
                ProcessingOptions.ParseSpan(timeframe);
            }
            catch (FormatException exception)
            {
                errors.Add($"Processing:Timeframes: {exception.Message}");
            }
        }

        IndicatorConfigValidator.Validate(options.Processing, errors);
        if (options.Journal.SegmentMegabytes is < 1 or > 4096)
        {
            errors.Add($"Journal:SegmentMegabytes must be between 1 and 4096, got {options.Journal.SegmentMegabytes}");
        }

        if (options.Database.BatchRows is < 16 or > 16_777_216)
        {
            errors.Add($"Database:BatchRows must be between 16 and 16777216, got {options.Database.BatchRows}");
        }

        if (options.Database.MaxBatchAgeMilliseconds is < 1 or > 600_000)
        {
            errors.Add($"Database:MaxBatchAgeMilliseconds must be between 1 and 600000, got {options.Database.MaxBatchAgeMilliseconds}");
        }

        if (options.Database.CopySessionsPerStream is < 1 or > 2)
        {
            errors.Add($"Database:CopySessionsPerStream must be 1 or 2, got {options.Database.CopySessionsPerStream}");
        }

        if (options.Processing.BookLevels is < 1 or > 5000)
        {
            errors.Add($"Processing:BookLevels must be between 1 and 5000, got {options.Processing.BookLevels}");
        }

        BusOptionsValidator.Validate(options, errors);
        if (requireFeeds && options.Feeds.Count == 0 && !options.Source.IsJetStream)
        {
            errors.Add("Feeds is empty: configure at least one feed (see README, 'Configuration')");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            string path = $"Feeds:{i}";
            if (string.IsNullOrWhiteSpace(feed.Name))
            {
                errors.Add($"{path}:Name is required");
            }
            else if (!names.Add(feed.Name))
            {
                errors.Add($"{path}:Name '{feed.Name}' is used twice");
            }

            if (!s_protocols.Contains(feed.Protocol))
            {
                errors.Add($"{path}:Protocol '{feed.Protocol}' is not supported (supported: {string.Join(", ", s_protocols)})");
            }

            if (!Uri.TryCreate(feed.Url.Replace("${", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || (uri.Scheme != "ws" && uri.Scheme != "wss"))
            {
                errors.Add($"{path}:Url must be a ws:// or wss:// URL, got '{UrlRedaction.Redact(feed.Url)}'");
            }

            if (feed.StaleTimeoutSeconds is < 0.5 or > 600)
            {
                errors.Add($"{path}:StaleTimeoutSeconds must be between 0.5 and 600, got {feed.StaleTimeoutSeconds}");
            }

            if (feed.Instruments.Count == 0)
            {
                errors.Add($"{path}:Instruments is empty");
            }

            if (s_protocols.Contains(feed.Protocol))
            {
                var (perConnection, maxConnections) = Engine.ConnectionLimits.For(feed.Protocol);
                long needed = perConnection == int.MaxValue ? 1 : ((long)feed.Instruments.Count + perConnection - 1) / perConnection;
                if (feed.Protocol.Equals("binance", StringComparison.OrdinalIgnoreCase))
                {
                    needed = 1;
                }

                if (feed.Protocol.Equals("kotak-hsm", StringComparison.OrdinalIgnoreCase))
                {
                    long topics = KotakHsmTopicCount(feed);
                    needed = (topics + perConnection - 1) / perConnection;
                    if (needed > maxConnections)
                    {
                        errors.Add($"{path}:Instruments: {feed.Instruments.Count} instruments need {topics} kotak-hsm topics (a scrip in Full mode needs a quote and a depth topic), but one connection takes at most {perConnection}");
                    }
                }
                else if (needed > maxConnections)
                {
                    errors.Add($"{path}:Instruments: {feed.Instruments.Count} instruments need {needed} {feed.Protocol} connections of at most {perConnection} each, but the broker allows {maxConnections}");
                }
            }

            for (int j = 0; j < feed.Instruments.Count; j++)
            {
                var instrument = feed.Instruments[j];
                if (instrument.Token <= 0 && instrument.Name.Length == 0)
                {
                    errors.Add($"{path}:Instruments:{j}:Token must be a positive broker token, got {instrument.Token} (or give Name, e.g. \"NSE:INFY\")");
                }

                if (instrument.PriceDecimals > 12)
                {
                    errors.Add($"{path}:Instruments:{j}:PriceDecimals must be ≤ 12, got {instrument.PriceDecimals}");
                }
            }
        }

        return errors;
    }

    /// <summary>Kotak HSM topics of a feed: 2 for a scrip (numeric token) in Full mode or deeper, else 1.</summary>
    private static long KotakHsmTopicCount(FeedOptions feed)
    {
        long topics = 0;
        foreach (var instrument in feed.Instruments)
        {
            string symbol = instrument.Symbol;
            int bar = symbol.IndexOf('|', StringComparison.Ordinal);
            bool index = bar >= 0 && !uint.TryParse(symbol.AsSpan(bar + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
            topics += !index && instrument.Mode >= Protocols.Common.SubscriptionMode.Full ? 2 : 1;
        }

        return topics;
    }

    /// <summary>At most one busy-spinning consumer unless the machine has a core for each (README "Configuration", Ring).</summary>
    private static void ValidateWaiting(FeedHostOptions options, int cores, List<string> errors)
    {
        RingOptions ring = options.Ring;
        if (ring.WaitStrategy == LowLatencyFeed.Ring.Waiting.WaitStrategyKind.BusySpin && cores < BusySpinMinimumCores)
        {
            errors.Add($"Ring:WaitStrategy BusySpin spins every consumer of the ring (journal, bars, books, db-stager, stream, and bus or scoring when on), "
                + $"a core each plus the feeds', and this machine has {cores}: it needs at least {BusySpinMinimumCores}. "
                + "Keep Sleeping (or Yielding, Blocking) and set Ring:SpinningConsumer to spin one consumer");
        }

        string spinning = ring.SpinningConsumer;
        if (spinning.Length == 0)
        {
            return;
        }

        if (!IngressConsumers.Contains(spinning))
        {
            errors.Add($"Ring:SpinningConsumer must name one consumer of the ingress ring ({string.Join(", ", IngressConsumers)}), got '{spinning}'");
        }
        else if (options.Source.IsJetStream)
        {
            errors.Add($"Ring:SpinningConsumer '{spinning}' cannot be used on a consumer host (Source JetStream): its stages need a wait strategy that times out to flush on a quiet bus");
        }
    }
}
