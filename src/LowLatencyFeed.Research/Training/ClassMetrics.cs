namespace LowLatencyFeed.Research.Training;

/// <summary>
/// Scores of one test set: accuracy, one-vs-rest AUC per class and their mean, precision and recall per class, and
/// the confusion matrix (rows actual, columns predicted; class order Sell, Hold, Buy).
/// </summary>
public sealed record ClassMetrics(
    int Samples,
    double Accuracy,
    double MacroAuc,
    double[] Auc,
    double[] Precision,
    double[] Recall,
    int[][] Confusion)
{
    public const int Classes = 3;

    public static readonly string[] ClassNames = ["SELL", "HOLD", "BUY"];

    /// <summary>Scores <paramref name="probabilities"/> (one row of <see cref="Classes"/> per sample) against the actual classes 0..2.</summary>
    public static ClassMetrics Compute(IReadOnlyList<int> actual, IReadOnlyList<float[]> probabilities)
    {
        int n = actual.Count;
        var confusion = new int[Classes][];
        for (int c = 0; c < Classes; c++)
        {
            confusion[c] = new int[Classes];
        }

        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            int predicted = ArgMax(probabilities[i]);
            confusion[actual[i]][predicted]++;
            correct += predicted == actual[i] ? 1 : 0;
        }

        var precision = new double[Classes];
        var recall = new double[Classes];
        var auc = new double[Classes];
        double aucSum = 0;
        int aucClasses = 0;
        for (int c = 0; c < Classes; c++)
        {
            int predictedC = 0;
            int actualC = 0;
            for (int k = 0; k < Classes; k++)
            {
                predictedC += confusion[k][c];
                actualC += confusion[c][k];
            }

            precision[c] = predictedC > 0 ? (double)confusion[c][c] / predictedC : double.NaN;
            recall[c] = actualC > 0 ? (double)confusion[c][c] / actualC : double.NaN;
            auc[c] = OneVersusRestAuc(actual, probabilities, c);
            if (!double.IsNaN(auc[c]))
            {
                aucSum += auc[c];
                aucClasses++;
            }
        }

        return new ClassMetrics(n, n > 0 ? (double)correct / n : double.NaN, aucClasses > 0 ? aucSum / aucClasses : double.NaN, auc, precision, recall, confusion);
    }

    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>
    /// The probability that a sample of class <paramref name="positive"/> scores above one of another class (ties
    /// count half): the Mann–Whitney statistic over average ranks. NaN when either group is empty.
    /// </summary>
    public static double OneVersusRestAuc(IReadOnlyList<int> actual, IReadOnlyList<float[]> probabilities, int positive)
    {
        int n = actual.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => probabilities[a][positive].CompareTo(probabilities[b][positive]));
        double positiveRankSum = 0;
        long positives = 0;
        int start = 0;
        while (start < n)
        {
            int end = start;
            float value = probabilities[order[start]][positive];
            while (end + 1 < n && probabilities[order[end + 1]][positive] == value)
            {
                end++;
            }

            double rank = ((start + end) / 2.0) + 1;
            for (int i = start; i <= end; i++)
            {
                if (actual[order[i]] == positive)
                {
                    positiveRankSum += rank;
                    positives++;
                }
            }

            start = end + 1;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
