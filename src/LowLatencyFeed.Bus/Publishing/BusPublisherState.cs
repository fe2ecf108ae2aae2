namespace LowLatencyFeed.Bus.Publishing;

/// <summary>What the publisher is doing.</summary>
public enum BusPublisherState
{
    /// <summary>Not started.</summary>
    Idle,

    /// <summary>Connecting and reading back the stream's last message.</summary>
    Connecting,

    /// <summary>Publishing live batches.</summary>
    Live,

    /// <summary>Publishing a range read back from the journal.</summary>
    CatchingUp,

    /// <summary>Waiting to retry after a failure.</summary>
    Retrying,

    /// <summary>Stopped.</summary>
    Stopped,
}
