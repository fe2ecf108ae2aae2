namespace LowLatencyFeed.Brokers.Sessions;

/// <summary>A holiday file that does not parse: names the file, the exchange and the entry at fault.</summary>
public sealed class HolidayFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HolidayFileException(string file, string problem, Exception? inner = null)
        : base($"holiday file {file}: {problem}", inner)
    {
    }
}
