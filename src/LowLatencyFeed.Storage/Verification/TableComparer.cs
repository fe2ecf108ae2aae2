namespace LowLatencyFeed.Storage.Verification;

/// <summary>
/// Accumulates one table's <see cref="TableComparison"/> over groups of rows. Rows are keyed by their first three
/// columns (seq, time, instrument; for depth and bars the key also takes the next two), so any partition of the rows
/// by <c>seq</c> compares exactly like the whole table at once: a group is compared as two multisets, and the counts and
/// examples add up.
/// </summary>
internal sealed class TableComparer
{
    private readonly string _table;
    private readonly int _keyColumns;
    private readonly List<string> _examples = [];
    private long _expected;
    private long _actual;
    private long _lost;
    private long _duplicated;
    private long _mismatched;

    public TableComparer(string table)
    {
        _table = table;
        _keyColumns = table is "depth" or "bars" ? 5 : 3;
    }

    /// <summary>Compares one group: every expected and stored row of the keys it holds (e.g. of one <c>seq</c>).</summary>
    public void Compare(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        _expected += expected.Count;
        _actual += actual.Count;
        Dictionary<string, List<string>> want = ByKey(expected, _keyColumns);
        Dictionary<string, List<string>> got = ByKey(actual, _keyColumns);
        foreach (var (key, rows) in want)
        {
            if (!got.TryGetValue(key, out List<string>? stored))
            {
                _lost += rows.Count;
                Example($"lost: {rows[0]}");
                continue;
            }

            if (stored.Count > rows.Count)
            {
                _duplicated += stored.Count - rows.Count;
                Example($"duplicated ({stored.Count}x): {stored[0]}");
            }
            else if (stored.Count < rows.Count)
            {
                _lost += rows.Count - stored.Count;
                Example($"lost ({rows.Count - stored.Count} of {rows.Count}): {rows[0]}");
            }

            var remaining = new List<string>(stored);
            foreach (string row in rows)
            {
                if (!remaining.Remove(row) && stored.Count >= rows.Count)
                {
                    _mismatched++;
                    Example($"mismatched: expected {row}, found {string.Join(" / ", stored)}");
                }
            }
        }

        foreach (var (key, rows) in got)
        {
            if (!want.ContainsKey(key))
            {
                // A row the journal does not imply at all: counted as duplicated (an extra row).
                _duplicated += rows.Count;
                Example($"unexpected: {rows[0]}");
            }
        }
    }

    /// <summary>The comparison of every group so far.</summary>
    public TableComparison Result() => new(_table, _expected, _actual, _lost, _duplicated, _mismatched, [.. _examples]);

    private static Dictionary<string, List<string>> ByKey(IReadOnlyList<string> rows, int keyColumns)
    {
        var map = new Dictionary<string, List<string>>(rows.Count, StringComparer.Ordinal);
        foreach (string row in rows)
        {
            string key = Key(row, keyColumns);
            if (!map.TryGetValue(key, out List<string>? list))
            {
                list = [];
                map.Add(key, list);
            }

            list.Add(row);
        }

        return map;
    }

    private static string Key(string row, int columns)
    {
        int end = -1;
        for (int i = 0; i < columns; i++)
        {
            end = row.IndexOf('|', end + 1);
            if (end < 0)
            {
                return row;
            }
        }

        return row[..end];
    }

    private void Example(string text)
    {
        if (_examples.Count < 5)
        {
            _examples.Add(text);
        }
    }
}
