namespace LowLatencyFeed.Research.Training;

/// <summary>
/// Purged, embargoed walk-forward folds (Research/README.md "Training"). The time-ordered samples are cut into
/// <c>folds + 1</c> equal blocks; fold k (1 … folds) tests on block k and trains on the samples before it, less every
/// training sample whose label interval [decision time, event time] reaches the test block (purge) or ends within the
/// embargo before it: their labels saw prices the test period also sees. Training never looks forward in time.
/// </summary>
public static class WalkForward
{
    public static IReadOnlyList<WalkForwardFold> Split(IReadOnlyList<Sample> samples, int folds, long embargoNs, int minTrain, int minTest)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (folds < 1)
        {
            ThrowHelper.ThrowArgument(nameof(folds), "At least one fold is required; got {0}.", folds);
        }

        int blocks = folds + 1;
        int size = samples.Count / blocks;
        var result = new List<WalkForwardFold>(folds);
        for (int k = 1; k <= folds; k++)
        {
            int testStart = k * size;
            int testEnd = k == folds ? samples.Count : (k + 1) * size;
            int testCount = testEnd - testStart;
            if (testCount < minTest)
            {
                ThrowHelper.ThrowTooFewSamples(
                    "Fold {0} of {1} has {2} test samples (needs {3}): the range holds {4} labelled samples; widen --from/--to or use fewer --folds.",
                    k, folds, testCount, minTest, samples.Count);
            }

            long testFrom = samples[testStart].DecisionTimeNs;
            long testTo = samples[testEnd - 1].DecisionTimeNs;
            long cutoff = testFrom - embargoNs;
            var train = new List<int>(testStart);
            int purged = 0;
            for (int i = 0; i < testStart; i++)
            {
                if (samples[i].EventTimeNs >= cutoff)
                {
                    purged++;
                    continue;
                }

                train.Add(i);
            }

            if (train.Count < minTrain)
            {
                ThrowHelper.ThrowTooFewSamples(
                    "Fold {0} of {1} has {2} training samples after purging {3} (needs {4}): the range holds {5} labelled samples; widen --from/--to or use fewer --folds.",
                    k, folds, train.Count, purged, minTrain, samples.Count);
            }

            var test = new int[testCount];
            for (int i = 0; i < testCount; i++)
            {
                test[i] = testStart + i;
            }

            result.Add(new WalkForwardFold(k, [.. train], test, purged, testFrom, testTo));
        }

        return result;
    }
}
