using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>
/// What a consumer waits on: the producer cursor when it is a first-stage consumer, otherwise the slowest of the
/// consumers it depends on (the minimum of their sequences).
/// </summary>
public sealed class DependentSequences
{
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependencies;

    /// <summary>Creates the group; an empty <paramref name="dependencies"/> means "wait on the cursor".</summary>
    public DependentSequences(Sequence cursor, Sequence[] dependencies)
    {
        _cursor = cursor;
        _dependencies = dependencies;
    }

    /// <summary>The producer cursor (what blocking strategies wait on before checking dependencies).</summary>
    public Sequence Cursor => _cursor;

    /// <summary>Whether this group waits on other consumers rather than the cursor.</summary>
    public bool HasDependencies => _dependencies.Length != 0;

    /// <summary>The highest sequence every dependency has finished.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _dependencies.Length == 0 ? _cursor.Value : SequenceMath.Minimum(_dependencies, long.MaxValue);
    }
}
