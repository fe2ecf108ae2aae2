namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>Order checks for stream tests: what a client received may skip messages (gaps) but never reorder them.</summary>
internal static class Subsequence
{
    /// <summary>Whether every item of <paramref name="received"/> occurs in <paramref name="expected"/>, in the same order.</summary>
    public static bool IsSubsequence<T>(IEnumerable<T> received, IReadOnlyList<T> expected)
    {
        var comparer = EqualityComparer<T>.Default;
        int j = 0;
        foreach (T item in received)
        {
            while (j < expected.Count && !comparer.Equals(expected[j], item))
            {
                j++;
            }

            if (j == expected.Count)
            {
                return false;
            }

            j++;
        }

        return true;
    }
}
