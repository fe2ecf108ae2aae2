using System.Globalization;
using System.Text;
using LowLatencyFeed.Research.Features;

namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// Checks that a model was trained on the features this host computes: the same timeframe and the same feature
/// names in the same order (a tree splits on a column index, so a reordered or missing column would score garbage).
/// </summary>
public static class ModelCompatibility
{
    /// <summary>Null when the model fits; otherwise the differences, in words.</summary>
    public static string? Describe(ModelManifest manifest, FeatureOptions host)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(host);
        var problems = new List<string>();
        long hostSeconds = host.TimeframeNs / 1_000_000_000;
        if (manifest.TimeframeSeconds != hostSeconds)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"timeframe {manifest.TimeframeSeconds} s in the model, {hostSeconds} s in the host"));
        }

        IReadOnlyList<string> names = host.FeatureNames();
        var onlyModel = manifest.FeatureNames.Where(n => !names.Contains(n)).ToList();
        var onlyHost = names.Where(n => !manifest.FeatureNames.Contains(n)).ToList();
        if (onlyModel.Count > 0)
        {
            problems.Add("features only in the model: " + string.Join(", ", onlyModel));
        }

        if (onlyHost.Count > 0)
        {
            problems.Add("features only in the host: " + string.Join(", ", onlyHost));
        }

        if (onlyModel.Count == 0 && onlyHost.Count == 0)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i] != manifest.FeatureNames[i])
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"column {i} is '{manifest.FeatureNames[i]}' in the model, '{names[i]}' in the host"));
                    break;
                }
            }
        }

        if (problems.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"model {manifest.Version} does not fit this host's features: ");
        text.AppendJoin("; ", problems);
        text.Append(" (train it with this host's config: llfeed train --config FILE)");
        return text.ToString();
    }

    /// <summary>Throws <see cref="ModelMismatchException"/> naming the differences.</summary>
    public static void Require(ModelManifest manifest, FeatureOptions host)
    {
        string? problem = Describe(manifest, host);
        if (problem is not null)
        {
            throw new ModelMismatchException(problem);
        }
    }
}
