using System.Globalization;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>
/// When the daily master download runs: once a day at a time of day in IST (UTC+05:30, no daylight saving), before
/// the Indian pre-open, because the brokers generate the files once a day (Brokers/README.md §8). The trading day a
/// download is for is the IST calendar day.
/// </summary>
public sealed class MasterSyncSchedule
{
    /// <summary>India Standard Time's offset from UTC.</summary>
    public static readonly TimeSpan IstOffset = TimeSpan.FromMinutes(330);

    /// <summary>Runs daily at <paramref name="istTimeOfDay"/>.</summary>
    public MasterSyncSchedule(TimeOnly istTimeOfDay)
    {
        TimeOfDay = istTimeOfDay;
    }

    /// <summary>The IST time of day of the download.</summary>
    public TimeOnly TimeOfDay { get; }

    /// <summary>Parses "HH:mm" (IST); throws <see cref="FormatException"/> naming the text.</summary>
    public static MasterSyncSchedule Parse(string text)
    {
        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time))
        {
            throw new FormatException($"'{text}' is not a time of day as HH:mm (IST)");
        }

        return new MasterSyncSchedule(time);
    }

    /// <summary>The IST trading day at <paramref name="now"/>.</summary>
    public static DateOnly IstDay(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(IstOffset).DateTime);

    /// <summary>The first run strictly after <paramref name="now"/>.</summary>
    public DateTimeOffset NextRun(DateTimeOffset now)
    {
        DateTimeOffset ist = now.ToOffset(IstOffset);
        var today = new DateTimeOffset(DateOnly.FromDateTime(ist.DateTime).ToDateTime(TimeOfDay), IstOffset);
        return today > ist ? today.ToUniversalTime() : today.AddDays(1).ToUniversalTime();
    }
}
