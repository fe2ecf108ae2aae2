namespace LowLatencyFeed.Bus.Publishing;

/// <summary>A classified publish failure.</summary>
public sealed class BusPublishException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BusPublishException(BusPublishErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    /// <summary>Creates an unclassified exception.</summary>
    public BusPublishException()
        : this(BusPublishErrorKind.Other, "bus publish failed")
    {
    }

    /// <summary>Creates an unclassified exception.</summary>
    public BusPublishException(string message)
        : this(BusPublishErrorKind.Other, message)
    {
    }

    /// <summary>Creates an unclassified exception.</summary>
    public BusPublishException(string message, Exception inner)
        : this(BusPublishErrorKind.Other, message, inner)
    {
    }

    /// <summary>The classification.</summary>
    public BusPublishErrorKind Kind { get; }
}
