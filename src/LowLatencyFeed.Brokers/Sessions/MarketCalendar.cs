using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace LowLatencyFeed.Brokers.Sessions;

/// <summary>
/// When each exchange trades (Brokers/README.md §5, from the broker READMEs' market-session sections): Indian
/// exchanges in IST (UTC+05:30, no daylight saving) on weekdays that are not holidays, crypto around the clock. The
/// holidays come from a JSON file shipped in <c>native-config/holidays.json</c>, which operators update each year.
/// A day of a year the file does not cover is never silently a plain weekday: it is counted and warned about, or refused
/// with <see cref="RefuseUnknownYears"/> (Brokers/README.md §5).
/// </summary>
public sealed class MarketCalendar
{
    /// <summary>India Standard Time.</summary>
    public static readonly TimeSpan Ist = TimeSpan.FromMinutes(330);

    private static readonly string[] s_exchanges = ["NSE", "BSE", "NFO", "BFO", "CDS", "BCD", "MCX", "BINANCE"];
    private readonly Dictionary<string, HashSet<DateOnly>> _holidays = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<int>> _years = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Exchange, int Year), long> _unknownYearLookups = new();
    private long _unknownYearLookupTotal;

    /// <summary>
    /// A calendar with <paramref name="holidays"/> per exchange. <paramref name="years"/> lists, per exchange, the years
    /// its list is complete for; null: the years its listed dates fall in. An exchange not listed covers no year.
    /// </summary>
    public MarketCalendar(IReadOnlyDictionary<string, IReadOnlyCollection<DateOnly>> holidays, IReadOnlyDictionary<string, IReadOnlyCollection<int>>? years = null)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        foreach (var (exchange, days) in holidays)
        {
            _holidays[exchange] = [.. days];
            _years[exchange] = years is null ? [.. days.Select(static d => d.Year)] : [];
        }

        if (years is not null)
        {
            foreach (var (exchange, covered) in years)
            {
                _years[exchange] = [.. covered];
            }
        }
    }

    /// <summary>
    /// Refuse (throw <see cref="HolidayYearUnknownException"/>) when asked about a day of a year the holiday file does
    /// not cover, instead of the default: take its weekdays as trading days, count the lookup and warn.
    /// </summary>
    public bool RefuseUnknownYears { get; init; }

    /// <summary>
    /// Called once per exchange and year the first time a day of a year the file does not cover is asked about (the host
    /// logs it). May run on any thread that asks the calendar.
    /// </summary>
    public Action<string, int>? UnknownYear { get; init; }

    /// <summary>Lookups of days in years the holiday file does not cover, since the calendar was made.</summary>
    public long UnknownYearLookups => Interlocked.Read(ref _unknownYearLookupTotal);

    /// <summary>The years the holiday list of <paramref name="exchange"/> covers (none for crypto, which has no holidays).</summary>
    public IReadOnlyCollection<int> YearsCovered(string exchange)
    {
        Check(exchange);
        return _years.TryGetValue(exchange, out HashSet<int>? years) ? [.. years.Order()] : [];
    }

    /// <summary>One warning per exchange and year asked about that the holiday file does not cover, for <c>/health</c>.</summary>
    public List<string> Warnings()
    {
        var warnings = new List<string>();
        foreach (var ((exchange, year), count) in _unknownYearLookups.OrderBy(static p => p.Key.Exchange, StringComparer.Ordinal).ThenBy(static p => p.Key.Year))
        {
            warnings.Add($"the holiday file has no {exchange} holidays for {year} ({count} lookup(s)): every weekday of {year} is taken as a {exchange} trading day; add the exchange's published {year} list to holidays.json");
        }

        return warnings;
    }

    /// <summary>The exchanges the calendar knows.</summary>
    public static IReadOnlyList<string> Exchanges => s_exchanges;

    /// <summary>
    /// Reads a holiday file: an object of exchange → array of <c>{"date":"YYYY-MM-DD","name":"..."}</c>. Derivative
    /// segments without their own list follow their cash exchange (NFO → NSE, BFO → BSE). An optional top-level
    /// <c>"years": [2026, …]</c> names the years the lists are complete for; without it each exchange covers the years
    /// its dates fall in.
    /// </summary>
    public static MarketCalendar Load(string file) => Load(file, refuseUnknownYears: false, unknownYear: null);

    /// <summary>As <see cref="Load(string)"/>, with <see cref="RefuseUnknownYears"/> and <see cref="UnknownYear"/>.</summary>
    public static MarketCalendar Load(string file, bool refuseUnknownYears, Action<string, int>? unknownYear)
    {
        var holidays = new Dictionary<string, IReadOnlyCollection<DateOnly>>(StringComparer.OrdinalIgnoreCase);
        List<int>? declaredYears = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception exception) when (exception is JsonException or IOException)
        {
            throw new HolidayFileException(file, $"not readable JSON ({exception.Message})", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new HolidayFileException(file, "the top level must be an object of exchange → holidays");
            }

            foreach (JsonProperty exchange in document.RootElement.EnumerateObject())
            {
                if (exchange.Name == "years")
                {
                    declaredYears = ReadYears(file, exchange.Value);
                    continue;
                }

                if (!s_exchanges.Contains(exchange.Name, StringComparer.OrdinalIgnoreCase))
                {
                    throw new HolidayFileException(file, $"'{exchange.Name}' is not an exchange (one of {string.Join(", ", s_exchanges)})");
                }

                if (exchange.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new HolidayFileException(file, $"{exchange.Name}: must be an array of {{\"date\":\"YYYY-MM-DD\",\"name\":\"...\"}}");
                }

                var days = new List<DateOnly>();
                int index = 0;
                foreach (JsonElement entry in exchange.Value.EnumerateArray())
                {
                    string? text = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("date", out JsonElement date) && date.ValueKind == JsonValueKind.String ? date.GetString() : null;
                    if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
                    {
                        throw new HolidayFileException(file, $"{exchange.Name}[{index}]: field 'date' must be a YYYY-MM-DD string, got {entry.GetRawText()}");
                    }

                    days.Add(day);
                    index++;
                }

                holidays[exchange.Name] = days;
            }
        }

        foreach (var (derivative, cash) in new[] { ("NFO", "NSE"), ("BFO", "BSE"), ("CDS", "NSE"), ("BCD", "BSE") })
        {
            if (!holidays.ContainsKey(derivative) && holidays.TryGetValue(cash, out var days))
            {
                holidays[derivative] = days;
            }
        }

        Dictionary<string, IReadOnlyCollection<int>>? years = null;
        if (declaredYears is not null)
        {
            years = new Dictionary<string, IReadOnlyCollection<int>>(StringComparer.OrdinalIgnoreCase);
            foreach (string exchange in holidays.Keys)
            {
                years[exchange] = declaredYears;
                foreach (DateOnly day in holidays[exchange])
                {
                    if (!declaredYears.Contains(day.Year))
                    {
                        throw new HolidayFileException(file, $"{exchange}: {day:yyyy-MM-dd} lies outside the declared 'years' [{string.Join(", ", declaredYears)}]");
                    }
                }
            }
        }

        return new MarketCalendar(holidays, years) { RefuseUnknownYears = refuseUnknownYears, UnknownYear = unknownYear };
    }

    private static List<int> ReadYears(string file, JsonElement value)
    {
        var years = new List<int>();
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new HolidayFileException(file, $"'years' must be an array of years such as [2026], got {value.GetRawText()}");
        }

        foreach (JsonElement year in value.EnumerateArray())
        {
            if (year.ValueKind != JsonValueKind.Number || !year.TryGetInt32(out int number) || number is < 2000 or > 2100)
            {
                throw new HolidayFileException(file, $"'years': {year.GetRawText()} is not a year between 2000 and 2100");
            }

            years.Add(number);
        }

        return years;
    }

    /// <summary>Whether <paramref name="exchange"/> trades on <paramref name="day"/> (its local day).</summary>
    public bool IsTradingDay(string exchange, DateOnly day)
    {
        Check(exchange);
        if (IsCrypto(exchange))
        {
            return true;
        }

        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        if (!(_years.TryGetValue(exchange, out HashSet<int>? years) && years.Contains(day.Year)))
        {
            OnUnknownYear(exchange.ToUpperInvariant(), day.Year);
        }

        return !(_holidays.TryGetValue(exchange, out var holidays) && holidays.Contains(day));
    }

    /// <summary>A weekday of a year without a holiday list: refused, or counted, warned about and taken as trading.</summary>
    private void OnUnknownYear(string exchange, int year)
    {
        Interlocked.Increment(ref _unknownYearLookupTotal);
        bool first = false;
        _unknownYearLookups.AddOrUpdate((exchange, year), _ => { first = true; return 1; }, static (_, n) => n + 1);
        if (RefuseUnknownYears)
        {
            throw new HolidayYearUnknownException(exchange, year, YearsCovered(exchange));
        }

        if (first)
        {
            UnknownYear?.Invoke(exchange, year);
        }
    }

    /// <summary>The session of <paramref name="exchange"/> on <paramref name="day"/>, or null on a weekend or holiday.</summary>
    public TradingSession? SessionOn(string exchange, DateOnly day)
    {
        if (!IsTradingDay(exchange, day))
        {
            return null;
        }

        if (IsCrypto(exchange))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return new TradingSession(exchange.ToUpperInvariant(), day, midnight, midnight, midnight.AddDays(1));
        }

        (TimeOnly preOpen, TimeOnly open, TimeOnly close) = exchange.ToUpperInvariant() switch
        {
            // Cash: pre-open call auction 09:00–09:15, normal market 09:15–15:30 (Kite/README.md §15).
            "NSE" or "BSE" => (new TimeOnly(9, 0), new TimeOnly(9, 15), new TimeOnly(15, 30)),
            // F&O: the futures call auction 09:00–09:15; options have none, and the feed connects for the earlier one.
            "NFO" or "BFO" => (new TimeOnly(9, 0), new TimeOnly(9, 15), new TimeOnly(15, 30)),
            // Currency: 09:00–17:00, no pre-open.
            "CDS" or "BCD" => (new TimeOnly(9, 0), new TimeOnly(9, 0), new TimeOnly(17, 0)),
            // MCX non-agri: 09:00 to 23:30 while the US is on daylight time, else 23:55.
            _ => (new TimeOnly(9, 0), new TimeOnly(9, 0), UsDaylightTime(day) ? new TimeOnly(23, 30) : new TimeOnly(23, 55)),
        };
        return new TradingSession(exchange.ToUpperInvariant(), day, AtIst(day, preOpen), AtIst(day, open), AtIst(day, close));
    }

    /// <summary>The session in progress at <paramref name="now"/>, or the next one to start (searching up to 30 days).</summary>
    public TradingSession NextSession(string exchange, DateTimeOffset now)
    {
        DateOnly day = DateOnly.FromDateTime(now.ToOffset(IsCrypto(exchange) ? TimeSpan.Zero : Ist).DateTime);
        for (int i = 0; i < 30; i++)
        {
            if (SessionOn(exchange, day.AddDays(i)) is { } session && session.Close > now)
            {
                return session;
            }
        }

        throw new InvalidOperationException($"{exchange} has no session in the 30 days after {now:O}: check the holiday file");
    }

    /// <summary>
    /// When a feed of <paramref name="exchange"/> should be connected: from <paramref name="lead"/> before the next
    /// pre-open (log in first, then connect) until <paramref name="lag"/> after the close.
    /// </summary>
    public (DateTimeOffset Connect, DateTimeOffset Disconnect) ConnectWindow(string exchange, DateTimeOffset now, TimeSpan lead, TimeSpan lag)
    {
        TradingSession session = NextSession(exchange, now);
        return (session.PreOpen - lead, session.Close + lag);
    }

    /// <summary>
    /// The start of the bar of <paramref name="length"/> holding <paramref name="instant"/>, counted from the session's
    /// open (NSE hourly bars 09:15, 10:15 …) rather than from midnight UTC; crypto bars count from 00:00 UTC.
    /// </summary>
    public static DateTimeOffset SessionBarStart(TradingSession session, DateTimeOffset instant, TimeSpan length)
    {
        long offset = (instant - session.Open).Ticks;
        long bars = offset >= 0 ? offset / length.Ticks : ((offset + 1) / length.Ticks) - 1;
        return session.Open + TimeSpan.FromTicks(bars * length.Ticks);
    }

    private static DateTimeOffset AtIst(DateOnly day, TimeOnly time) => new DateTimeOffset(day.ToDateTime(time), Ist).ToUniversalTime();

    private static bool IsCrypto(string exchange) => exchange.Equals("BINANCE", StringComparison.OrdinalIgnoreCase);

    private static void Check(string exchange)
    {
        if (!s_exchanges.Contains(exchange, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{exchange}' is not an exchange the calendar knows ({string.Join(", ", s_exchanges)})", nameof(exchange));
        }
    }

    /// <summary>
    /// US daylight time runs from the second Sunday of March to the first Sunday of November; MCX switches on the
    /// first Indian trading day after each change, i.e. from the Monday after (Kite/README.md §15).
    /// </summary>
    private static bool UsDaylightTime(DateOnly day)
    {
        DateOnly start = NthSunday(day.Year, 3, 2).AddDays(1);
        DateOnly end = NthSunday(day.Year, 11, 1).AddDays(1);
        return day >= start && day < end;
    }

    private static DateOnly NthSunday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        int toSunday = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toSunday + (7 * (n - 1)));
    }
}
