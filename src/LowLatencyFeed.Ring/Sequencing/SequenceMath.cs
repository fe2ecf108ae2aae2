using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Ring.Sequencing;

/// <summary>Helpers over groups of sequences.</summary>
public static class SequenceMath
{
    /// <summary>The smallest value in <paramref name="sequences"/>, or <paramref name="whenEmpty"/> when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Minimum(Sequence[] sequences, long whenEmpty)
    {
        long minimum = whenEmpty;
        for (int i = 0; i < sequences.Length; i++)
        {
            long value = sequences[i].Value;
            if (value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }
}
