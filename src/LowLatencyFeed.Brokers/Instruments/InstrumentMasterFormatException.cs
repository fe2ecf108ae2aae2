namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// A master file that cannot be trusted: truncated, a changed header, a value that does not parse. The message names
/// the broker, the file, the line and the field, so an operator can see what changed upstream.
/// </summary>
public sealed class InstrumentMasterFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="field"/> is the column (or JSON property) at fault.</summary>
    public InstrumentMasterFormatException(BrokerKind broker, string source, long line, string field, string problem)
        : base($"{broker} instrument master {source}: line {line}, field '{field}': {problem}")
    {
        Broker = broker;
        Field = field;
        Line = line;
    }

    /// <summary>The broker whose master is at fault.</summary>
    public BrokerKind Broker { get; }

    /// <summary>The column or property at fault.</summary>
    public string Field { get; }

    /// <summary>1-based line (CSV) or 0 (JSON).</summary>
    public long Line { get; }
}
