namespace LowLatencyFeed.Host.Streaming;

/// <summary>How a stream connection receives its data messages (README "Live stream", binary form).</summary>
public enum StreamFormat
{
    /// <summary>One JSON text message per event (the default).</summary>
    Json = 0,

    /// <summary>One little-endian binary message per event; control messages (acknowledgements, gaps, errors, status, end) stay JSON text.</summary>
    Binary = 1,
}
