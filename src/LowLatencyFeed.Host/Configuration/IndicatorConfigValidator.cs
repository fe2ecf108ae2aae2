using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Checks <c>Processing:Indicators</c> and turns it into <see cref="IndicatorOptions"/>.</summary>
internal static class IndicatorConfigValidator
{
    /// <summary>Adds one message per problem, each naming its entry (<c>Processing:Indicators:2:Name …</c>).</summary>
    public static void Validate(ProcessingOptions processing, List<string> errors)
    {
        var timeframes = new HashSet<TimeSpan>();
        foreach (string text in processing.Timeframes)
        {
            try
            {
                timeframes.Add(ProcessingOptions.ParseSpan(text));
            }
            catch (FormatException)
            {
                // Reported by the timeframe check.
            }
        }

        var seen = new Dictionary<(string, TimeSpan), int>();
        for (int i = 0; i < processing.Indicators.Count; i++)
        {
            IndicatorConfig entry = processing.Indicators[i];
            string path = $"Processing:Indicators:{i}";
            if (!IndicatorSpec.TryParseKind(entry.Name, out IndicatorKind kind))
            {
                errors.Add($"{path}:Name '{entry.Name}' is not an indicator; use one of {string.Join(", ", IndicatorSpec.Names)}");
                continue;
            }

            TimeSpan span;
            try
            {
                span = ProcessingOptions.ParseSpan(entry.Timeframe ?? "");
            }
            catch (FormatException exception)
            {
                errors.Add($"{path}:Timeframe: {exception.Message}");
                continue;
            }

            if (!timeframes.Contains(span))
            {
                errors.Add($"{path}:Timeframe '{entry.Timeframe}' is not one of Processing:Timeframes ({string.Join(" ", processing.Timeframes)})");
                continue;
            }

            IndicatorSpec spec = ToSpec(entry, kind, span).WithDefaults();
            try
            {
                _ = spec.Create();
            }
            catch (ArgumentException exception)
            {
                errors.Add($"{path} ({spec.Label}): {FirstSentence(exception.Message)}");
                continue;
            }

            if (!seen.TryAdd((spec.Label, span), i))
            {
                errors.Add($"{path} repeats Processing:Indicators:{seen[(spec.Label, span)]} ({spec.Label} on {entry.Timeframe})");
            }
        }
    }

    /// <summary>The indicator options of a validated configuration.</summary>
    public static IndicatorOptions ToOptions(ProcessingOptions processing) => new()
    {
        Indicators = [.. processing.Indicators.Select(entry =>
        {
            IndicatorSpec.TryParseKind(entry.Name, out IndicatorKind kind);
            return ToSpec(entry, kind, ProcessingOptions.ParseSpan(entry.Timeframe));
        })],
    };

    private static IndicatorSpec ToSpec(IndicatorConfig entry, IndicatorKind kind, TimeSpan span) =>
        new(kind, span, entry.Period, entry.SlowPeriod, entry.SignalPeriod, entry.Multiplier);

    // ArgumentException appends " (Parameter 'x')"; the path already says where.
    private static string FirstSentence(string message)
    {
        int parameter = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return parameter < 0 ? message : message[..parameter];
    }
}
