namespace LowLatencyFeed.Brokers.Sessions;

/// <summary>
/// The calendar was asked about a day of a year its holiday file does not cover, with
/// <see cref="MarketCalendar.RefuseUnknownYears"/> set: names the exchange, the year and the years it knows.
/// </summary>
public sealed class HolidayYearUnknownException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HolidayYearUnknownException(string exchange, int year, IReadOnlyCollection<int> covered)
        : base($"the holiday file has no {exchange} holidays for {year} (it covers {(covered.Count == 0 ? "no year" : string.Join(", ", covered))}): add the exchange's published {year} list to holidays.json")
    {
        Exchange = exchange;
        Year = year;
    }

    /// <summary>The exchange asked about.</summary>
    public string Exchange { get; }

    /// <summary>The year its holiday list lacks.</summary>
    public int Year { get; }
}
