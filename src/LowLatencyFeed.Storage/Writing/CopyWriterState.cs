namespace LowLatencyFeed.Storage.Writing;

/// <summary>Where a <see cref="CopyWriter"/> session is: each public operation is valid in exactly one state.</summary>
internal enum CopyWriterState
{
    /// <summary>No connection: <see cref="CopyWriter.Open"/> is the only next step.</summary>
    Closed,

    /// <summary>Connected, advisory lock held, no transaction: a batch may be staged, or the table truncated.</summary>
    Open,

    /// <summary>A batch's rows are streamed inside an open transaction: <see cref="CopyWriter.Finish"/> or <see cref="CopyWriter.Abandon"/>.</summary>
    Staged,
}
