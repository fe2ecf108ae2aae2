namespace LowLatencyFeed.Storage.Verification;

/// <summary>
/// One table of a <see cref="DatabaseVerifier"/> comparison. Rows are keyed by their first three columns (seq, time,
/// instrument; for depth and bars the key also takes the next two): a key the database lacks is lost, a row the database
/// holds more often than the journal implies is duplicated, a key present on both sides with other values is mismatched.
/// </summary>
public sealed record TableComparison(string Table, long Expected, long Actual, long Lost, long Duplicated, long Mismatched, IReadOnlyList<string> Examples)
{
    /// <summary>True when the table equals the journal's rows exactly.</summary>
    public bool Exact => Lost == 0 && Duplicated == 0 && Mismatched == 0 && Expected == Actual;

    /// <summary>Compares expected and actual rows as multisets.</summary>
    public static TableComparison Of(string table, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var comparer = new TableComparer(table);
        comparer.Compare(expected, actual);
        return comparer.Result();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Table,-13} expected {Expected,10}  stored {Actual,10}  lost {Lost}  duplicated {Duplicated}  mismatched {Mismatched}"
        + (Examples.Count == 0 ? string.Empty : Environment.NewLine + "    " + string.Join(Environment.NewLine + "    ", Examples));
}
