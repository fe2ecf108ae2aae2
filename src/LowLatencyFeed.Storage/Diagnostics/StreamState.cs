namespace LowLatencyFeed.Storage.Diagnostics;

/// <summary>What a stream writer is doing.</summary>
public enum StreamState
{
    /// <summary>Not started.</summary>
    Stopped,

    /// <summary>Writing live batches.</summary>
    Live,

    /// <summary>Reading the journal from the checkpoint to close a gap.</summary>
    CatchingUp,

    /// <summary>The database failed; waiting before the next attempt.</summary>
    Retrying,
}
