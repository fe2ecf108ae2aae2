using LowLatencyFeed.Bus.Consuming;
using LowLatencyFeed.Bus.Format;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>The <c>Bus</c> and <c>Source</c> parts of configuration validation.</summary>
public static class BusOptionsValidator
{
    /// <summary>Adds every problem of the bus and source settings to <paramref name="errors"/>.</summary>
    public static void Validate(FeedHostOptions options, List<string> errors)
    {
        BusOptions bus = options.Bus;
        SourceOptions source = options.Source;
        if (bus.Enabled)
        {
            if (!ValidUrls(bus.Url))
            {
                errors.Add($"Bus:Url must be one or more comma-separated nats:// URLs, got '{Configuration.UrlRedaction.Redact(bus.Url)}'");
            }

            if (!BusSubjects.IsValidHost(bus.EffectiveHost))
            {
                errors.Add($"Bus:Host must be 1-64 letters, digits, '_' or '-' (it is a subject token), got '{bus.Host}'");
            }

            if (!string.IsNullOrEmpty(bus.Stream) && !BusSubjects.IsValidHost(bus.Stream))
            {
                errors.Add($"Bus:Stream must be 1-64 letters, digits, '_' or '-', got '{bus.Stream}'");
            }

            if (bus.Replicas is < 1 or > 5)
            {
                errors.Add($"Bus:Replicas must be between 1 and 5, got {bus.Replicas}");
            }

            if (bus.MaxBatchBytes is < 4096 or > 64 * 1024 * 1024)
            {
                errors.Add($"Bus:MaxBatchBytes must be between 4096 and 67108864, got {bus.MaxBatchBytes}");
            }

            if (bus.MaxBatchEvents is < 1 or > 1_000_000)
            {
                errors.Add($"Bus:MaxBatchEvents must be between 1 and 1000000, got {bus.MaxBatchEvents}");
            }

            if (bus.MaxBatchDelayMicroseconds is < 0 or > 10_000_000)
            {
                errors.Add($"Bus:MaxBatchDelayMicroseconds must be between 0 and 10000000, got {bus.MaxBatchDelayMicroseconds}");
            }

            if (bus.MaxInFlight is < 1 or > 65_536)
            {
                errors.Add($"Bus:MaxInFlight must be between 1 and 65536, got {bus.MaxInFlight}");
            }

            if (bus.AckTimeoutSeconds is < 0.1 or > 600)
            {
                errors.Add($"Bus:AckTimeoutSeconds must be between 0.1 and 600, got {bus.AckTimeoutSeconds}");
            }

            if (bus.DuplicateWindowSeconds is < 1 or > 86_400)
            {
                errors.Add($"Bus:DuplicateWindowSeconds must be between 1 and 86400, got {bus.DuplicateWindowSeconds}");
            }

            if (bus.MaxAgeHours < 0 || bus.MaxMegabytes < 0)
            {
                errors.Add("Bus:MaxAgeHours and Bus:MaxMegabytes must be ≥ 0");
            }
        }

        if (!source.IsJetStream)
        {
            if (!source.Type.Equals("feeds", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"Source:Type must be 'feeds' or 'jetstream', got '{source.Type}'");
            }

            return;
        }

        if (!ValidUrls(source.Url))
        {
            errors.Add($"Source:Url must be one or more comma-separated nats:// URLs, got '{Configuration.UrlRedaction.Redact(source.Url)}'");
        }

        if (source.AllStreams().Count == 0)
        {
            errors.Add("Source:Hosts (or Source:Streams) is empty: name the feed hosts to read");
        }

        foreach (string name in source.Hosts.Concat(source.Streams))
        {
            if (!BusSubjects.IsValidHost(name))
            {
                errors.Add($"Source:Hosts/Streams: '{name}' must be 1-64 letters, digits, '_' or '-'");
            }
        }

        if (!BusSubjects.IsValidHost(source.Durable))
        {
            errors.Add($"Source:Durable must name this host's durable consumer (1-64 letters, digits, '_' or '-'), got '{source.Durable}'");
        }

        if (source.ShardCount < 1 || source.ShardIndex < 0 || source.ShardIndex >= source.ShardCount)
        {
            errors.Add($"Source:ShardIndex must be in [0, ShardCount) and ShardCount ≥ 1, got {source.ShardIndex} of {source.ShardCount}");
        }

        for (int i = 0; i < source.Instruments.Count; i++)
        {
            if (!InstrumentFilter.TryParseInstrument(source.Instruments[i], out _))
            {
                errors.Add($"Source:Instruments:{i} must be Feed:token (e.g. Kite:408065), got '{source.Instruments[i]}'");
            }
        }

        if (!source.AckAfter.Equals("Written", StringComparison.OrdinalIgnoreCase) && !source.AckAfter.Equals("Durable", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Source:AckAfter must be 'Written' or 'Durable', got '{source.AckAfter}'");
        }

        if (options.Feeds.Count > 0)
        {
            errors.Add("Feeds must be empty when Source:Type is 'jetstream': a host reads either broker feeds or the bus");
        }

        if (bus.Enabled)
        {
            errors.Add("Bus:Enabled cannot be true when Source:Type is 'jetstream': a consumer host does not publish what it reads back to the bus");
        }
    }

    private static bool ValidUrls(string urls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            return false;
        }

        foreach (string part in urls.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string plain = part.Replace("${", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
            if (!Uri.TryCreate(plain, UriKind.Absolute, out var uri) || (uri.Scheme != "nats" && uri.Scheme != "tls"))
            {
                return false;
            }
        }

        return true;
    }
}
