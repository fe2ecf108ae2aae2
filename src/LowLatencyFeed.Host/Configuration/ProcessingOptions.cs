using System.Globalization;
using LowLatencyFeed.Processing.Bars;
using LowLatencyFeed.Processing.Books;
using LowLatencyFeed.Processing.Signals;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Bars, indicators, books and signals, in config-friendly form (durations as text such as "1s", "5m", "1h", "1d").</summary>
public sealed class ProcessingOptions
{
    /// <summary>Bar timeframes. Default 1s, 1m, 5m, 15m, 1h, 4h, 1d.</summary>
    public List<string> Timeframes { get; set; } = ["1s", "1m", "5m", "15m", "1h", "4h", "1d"];

    /// <summary>Timeframes that emit a flat bar (OHLC = last close, volume 0) for a quiet interval instead of no bar.</summary>
    public List<string> FlatBarTimeframes { get; set; } = [];

    /// <summary>What to do with a trade older than the open bar: Drop (count it) or ReviseClosed. See Processing/README.md.</summary>
    public LateTradePolicy LateTradePolicy { get; set; } = LateTradePolicy.Drop;

    /// <summary>Grace after a bar's end before a clock event closes it (Kite stamps whole seconds). Default 2000.</summary>
    public int ClockCloseDelayMilliseconds { get; set; } = 2000;

    /// <summary>Levels kept per book side. Default 200.</summary>
    public int BookLevels { get; set; } = BookOptions.DefaultMaxLevels;

    /// <summary>Top-N windows for imbalance (0 = all levels). Default 1, 5, 20, all.</summary>
    public List<int> ImbalanceDepths { get; set; } = [1, 5, 20, 0];

    /// <summary>Minimum time between book-metric samples of one instrument; 0 samples every update.</summary>
    public int MetricsSampleIntervalMilliseconds { get; set; }

    /// <summary>Whether the imbalance signal rule runs.</summary>
    public bool SignalsEnabled { get; set; } = true;

    /// <summary>Imbalance window the signal watches (top N levels).</summary>
    public int SignalWindowDepth { get; set; } = 5;

    /// <summary>Imbalance beyond which a signal fires.</summary>
    public double SignalThreshold { get; set; } = 0.3;

    /// <summary>How far back inside the threshold the imbalance must come before the signal resets.</summary>
    public double SignalHysteresis { get; set; } = 0.1;

    /// <summary>How long the imbalance must persist before a signal is emitted.</summary>
    public int SignalMinPersistenceMilliseconds { get; set; } = 500;

    /// <summary>Indicators computed as bars close (<c>[{ "Timeframe": "1m", "Name": "rsi", "Period": 14 }, …]</c>); empty: none.</summary>
    public List<IndicatorConfig> Indicators { get; set; } = [];

    /// <summary>The model scoring stage and its feature settings (<c>src/LowLatencyFeed.Research/README.md</c>).</summary>
    public ScoringOptions Scoring { get; set; } = new();

    /// <summary>True when at least one indicator is configured.</summary>
    public bool HasIndicators => Indicators.Count > 0;

    /// <summary>Indicator options for the bar stage (call on a validated configuration).</summary>
    public Processing.Indicators.IndicatorOptions ToIndicatorOptions() => IndicatorConfigValidator.ToOptions(this);

    /// <summary>Bar options for the aggregator.</summary>
    public BarOptions ToBarOptions()
    {
        var timeframes = new List<BarTimeframe>();
        foreach (string text in Timeframes)
        {
            var span = ParseSpan(text);
            timeframes.Add(new BarTimeframe(span, FlatBarTimeframes.Exists(flat => ParseSpan(flat) == span)));
        }

        return new BarOptions
        {
            Timeframes = timeframes,
            LateTradePolicy = LateTradePolicy,
            ClockCloseDelay = TimeSpan.FromMilliseconds(ClockCloseDelayMilliseconds),
        };
    }

    /// <summary>Book options for the book builder.</summary>
    public BookOptions ToBookOptions() => new()
    {
        MaxLevels = BookLevels,
        ImbalanceDepths = [.. ImbalanceDepths],
        MetricsSampleInterval = TimeSpan.FromMilliseconds(MetricsSampleIntervalMilliseconds),
    };

    /// <summary>Signal options, or null when signals are off.</summary>
    public SignalOptions? ToSignalOptions() => SignalsEnabled
        ? new SignalOptions
        {
            WindowDepth = SignalWindowDepth,
            Threshold = SignalThreshold,
            Hysteresis = SignalHysteresis,
            MinPersistence = TimeSpan.FromMilliseconds(SignalMinPersistenceMilliseconds),
        }
        : null;

    /// <summary>Parses "500ms", "1s", "5m", "1h", "1d".</summary>
    public static TimeSpan ParseSpan(string text)
    {
        string trimmed = text.Trim();
        int unitLength = trimmed.EndsWith("ms", StringComparison.Ordinal) ? 2 : 1;
        TimeSpan unit = trimmed.Length <= unitLength ? TimeSpan.Zero : trimmed[^unitLength..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        };
        string digits = trimmed[..^Math.Min(unitLength, trimmed.Length)];
        if (unit == TimeSpan.Zero || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
        {
            throw new FormatException($"'{text}' is not a duration such as 1s, 5m, 1h or 1d");
        }

        return unit * value;
    }
}
