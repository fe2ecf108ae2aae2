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
        int keyColumns = table is "depth" or "bars" ? 5 : 3;
        Dictionary<string, List<string>> want = ByKey(expected, keyColumns);
        Dictionary<string, List<string>> got = ByKey(actual, keyColumns);
        long lost = 0, duplicated = 0, mismatched = 0;
        var examples = new List<string>();
        foreach (var (key, rows) in want)
        {
            if (!got.TryGetValue(key, out List<string>? stored))
            {
                lost += rows.Count;
                Example(examples, $"lost: {rows[0]}");
                continue;
            }

            if (stored.Count > rows.Count)
            {
                duplicated += stored.Count - rows.Count;
                Example(examples, $"duplicated ({stored.Count}x): {stored[0]}");
            }
            else if (stored.Count < rows.Count)
            {
                lost += rows.Count - stored.Count;
                Example(examples, $"lost ({rows.Count - stored.Count} of {rows.Count}): {rows[0]}");
            }

            var remaining = new List<string>(stored);
            foreach (string row in rows)
            {
                if (!remaining.Remove(row) && stored.Count >= rows.Count)
                {
                    mismatched++;
                    Example(examples, $"mismatched: expected {row}, found {string.Join(" / ", stored)}");
                }
            }
        }

        foreach (var (key, rows) in got)
        {
            if (!want.ContainsKey(key))
            {
                // A row the journal does not imply at all: counted as duplicated (an extra row).
                duplicated += rows.Count;
                Example(examples, $"unexpected: {rows[0]}");
            }
        }

        return new TableComparison(table, expected.Count, actual.Count, lost, duplicated, mismatched, examples);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Table,-13} expected {Expected,10}  stored {Actual,10}  lost {Lost}  duplicated {Duplicated}  mismatched {Mismatched}"
        + (Examples.Count == 0 ? string.Empty : Environment.NewLine + "    " + string.Join(Environment.NewLine + "    ", Examples));

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

    private static void Example(List<string> examples, string text)
    {
        if (examples.Count < 5)
        {
            examples.Add(text);
        }
    }
}
