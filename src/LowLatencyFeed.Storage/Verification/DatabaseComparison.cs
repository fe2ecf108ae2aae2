namespace LowLatencyFeed.Storage.Verification;

/// <summary>The result of <see cref="DatabaseVerifier.CompareAsync"/>: one <see cref="TableComparison"/> per table.</summary>
public sealed record DatabaseComparison(IReadOnlyList<TableComparison> Tables)
{
    /// <summary>True when every table equals the journal's rows.</summary>
    public bool Exact => Tables.All(t => t.Exact);

    /// <summary>The table called <paramref name="name"/>.</summary>
    public TableComparison this[string name] => Tables.Single(t => t.Table == name);

    /// <summary>Fails with the whole table of figures unless every table is exact.</summary>
    public void AssertExact()
    {
        if (!Exact)
        {
            throw new InvalidOperationException("database != journal:" + Environment.NewLine + this);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Tables.Select(t => t.ToString()));
}
