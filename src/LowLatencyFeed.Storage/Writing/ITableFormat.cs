using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.Writing;

/// <summary>
/// How the rows of one stream are written by binary COPY. Static abstract members so the writer, generic over the
/// format struct, calls them without virtual dispatch.
/// </summary>
/// <typeparam name="TRow">The staged row type.</typeparam>
internal interface ITableFormat<TRow>
    where TRow : unmanaged
{
    /// <summary>The stream.</summary>
    static abstract StorageStream Stream { get; }

    /// <summary>The column list, in <see cref="Write"/> order.</summary>
    static abstract string Columns { get; }

    /// <summary>
    /// Null for a plain COPY into the table (duplicates impossible by the checkpoint); otherwise the ON CONFLICT clause of
    /// the INSERT from a staging table (derived streams, whose rows can be re-emitted or revised).
    /// </summary>
    static abstract string? Conflict { get; }

    /// <summary>For DO UPDATE conflicts: the key columns, so one INSERT never updates a row twice (the latest row wins).</summary>
    static abstract string? DistinctOn { get; }

    /// <summary>Journal sequence of a row.</summary>
    static abstract long Sequence(in TRow row);

    /// <summary>Partition time of a row, Unix ns.</summary>
    static abstract long TimeNs(in TRow row);

    /// <summary>Number of columns in <see cref="Columns"/>: the field count of every row.</summary>
    static abstract short FieldCount { get; }

    /// <summary>Writes the fields of one row, in <see cref="Columns"/> order (after StartRow).</summary>
    static abstract void Write(BinaryCopyBuffer buffer, in TRow row);
}
