namespace LowLatencyFeed.Brokers.History;

/// <summary>A history call that cannot succeed as asked: the broker refused it, or the range is outside its history.</summary>
public sealed class HistoricalDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HistoricalDataException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public HistoricalDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public HistoricalDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the request is wrong as asked (range beyond the broker's history, timeframe it does not serve): a usage error.</summary>
    public bool IsUsageError { get; init; }
}
