namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// Market sessions drive the feeds (Brokers/README.md §5, §12): with <see cref="Enabled"/> the host connects each feed
/// <see cref="ConnectLeadMinutes"/> before its exchange's pre-open (logging in first), disconnects it
/// <see cref="DisconnectLagMinutes"/> after the close, and keeps crypto feeds connected around the clock.
/// </summary>
public sealed class SessionOptions
{
    /// <summary>Whether the market calendar starts and stops the feeds; off, every feed runs from start to stop.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The holiday file (<c>native-config/holidays.json</c>); a relative path is looked up from the working directory,
    /// then next to the executable (the build copies the shipped file there).
    /// </summary>
    public string HolidaysFile { get; set; } = "native-config/holidays.json";

    /// <summary>Minutes before the pre-open (the open where there is none) that a feed logs in and connects.</summary>
    public double ConnectLeadMinutes { get; set; } = 10;

    /// <summary>Minutes after the close that a feed disconnects (the closing messages and last ticks arrive).</summary>
    public double DisconnectLagMinutes { get; set; } = 5;

    /// <summary>
    /// Minutes before a Kite feed's connect that the host asks for the day's Kite login when the stored token will not
    /// be valid then (Kite tokens expire at 06:00 IST): the login URL is announced and the redirect listener waits.
    /// </summary>
    public double KiteLoginLeadMinutes { get; set; } = 60;

    /// <summary>The holiday file as a path that exists, or the configured one when none does (the loader then names it).</summary>
    public string ResolveHolidaysFile()
    {
        if (Path.IsPathRooted(HolidaysFile) || File.Exists(HolidaysFile))
        {
            return HolidaysFile;
        }

        string beside = Path.Combine(AppContext.BaseDirectory, HolidaysFile);
        return File.Exists(beside) ? beside : HolidaysFile;
    }
}
