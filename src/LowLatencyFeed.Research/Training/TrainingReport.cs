using System.Globalization;
using System.Text;
using LowLatencyFeed.Research.Scoring;

namespace LowLatencyFeed.Research.Training;

/// <summary>
/// The training report beside the model: <c>model.report.md</c> with the data range, the parameters, a table per
/// fold (accuracy, AUC per class, precision and recall, confusion matrix) and the feature importance, and two plots
/// made with ScottPlot: fold scores against chance, and the importance of the top features.
/// </summary>
public static class TrainingReport
{
    public static string Write(string modelPath, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", Path.GetFileNameWithoutExtension(modelPath));
        string foldsPng = stem + ".folds.png";
        string importancePng = stem + ".importance.png";
        PlotFolds(manifest, foldsPng);
        PlotImportance(manifest, importancePng);

        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Model {manifest.Version}");
        text.AppendLine();
        text.AppendLine(c, $"Trained {manifest.CreatedUtc:yyyy-MM-dd HH:mm:ss}Z from `{manifest.Journal}`, samples {Time(manifest.FirstSampleTimeNs)} … {Time(manifest.LastSampleTimeNs)} ({manifest.Samples} samples: SELL {manifest.ClassCounts[0]}, HOLD {manifest.ClassCounts[1]}, BUY {manifest.ClassCounts[2]}).");
        text.AppendLine();
        text.AppendLine(c, $"Features: {manifest.FeatureNames.Length} on {manifest.TimeframeSeconds} s bars. Labels: triple barrier ×{manifest.UpperMultiple}/×{manifest.LowerMultiple} σ, vertical {manifest.VerticalBars} bars. LightGBM: {manifest.Parameters.NumberOfIterations} iterations, {manifest.Parameters.NumberOfLeaves} leaves, learning rate {manifest.Parameters.LearningRate}, min {manifest.Parameters.MinimumExampleCountPerLeaf} per leaf, seed {manifest.Parameters.Seed}. Walk-forward: {manifest.Folds} folds, purged, embargo {manifest.EmbargoBars} bars.");
        text.AppendLine();
        text.AppendLine("## Folds");
        text.AppendLine();
        text.AppendLine(c, $"![fold scores]({Path.GetFileName(foldsPng)})");
        text.AppendLine();
        text.AppendLine("| fold | train | purged | test | test from | accuracy | AUC (macro) | AUC SELL/HOLD/BUY | precision SELL/HOLD/BUY | recall SELL/HOLD/BUY |");
        text.AppendLine("|---:|---:|---:|---:|---|---:|---:|---|---|---|");
        foreach (FoldScore fold in manifest.FoldScores)
        {
            text.AppendLine(c, $"| {fold.Fold} | {fold.TrainSamples} | {fold.Purged} | {fold.TestSamples} | {Time(fold.TestFromNs)} | {fold.Accuracy:F3} | {fold.MacroAuc:F3} | {Three(fold.Auc)} | {Three(fold.Precision)} | {Three(fold.Recall)} |");
        }

        foreach (FoldScore fold in manifest.FoldScores)
        {
            text.AppendLine();
            string rows = string.Join("; ", fold.Confusion.Select((row, i) => ClassMetrics.ClassNames[i] + " " + string.Join(" ", row)));
            text.AppendLine(c, $"Fold {fold.Fold} confusion (rows actual, columns predicted SELL/HOLD/BUY): {rows}");
        }

        text.AppendLine();
        text.AppendLine("## Feature importance (split gain of the final model)");
        text.AppendLine();
        text.AppendLine(c, $"![importance]({Path.GetFileName(importancePng)})");
        text.AppendLine();
        text.AppendLine("| feature | gain | share |");
        text.AppendLine("|---|---:|---:|");
        foreach (FeatureImportance item in manifest.Importance)
        {
            text.AppendLine(c, $"| {item.Feature} | {item.Gain:F2} | {item.Share:P1} |");
        }

        string path = stem + ".report.md";
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static void PlotFolds(ModelManifest manifest, string path)
    {
        var plot = new ScottPlot.Plot();
        double[] folds = [.. manifest.FoldScores.Select(f => (double)f.Fold)];
        var auc = plot.Add.Scatter(folds, [.. manifest.FoldScores.Select(f => double.IsNaN(f.MacroAuc) ? 0 : f.MacroAuc)]);
        auc.LegendText = "AUC (macro, one-vs-rest)";
        var accuracy = plot.Add.Scatter(folds, [.. manifest.FoldScores.Select(f => f.Accuracy)]);
        accuracy.LegendText = "accuracy";
        var chance = plot.Add.HorizontalLine(0.5);
        chance.LegendText = "AUC of chance";
        plot.Title("Walk-forward folds (out of sample)");
        plot.XLabel("fold");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend();
        plot.SavePng(path, 800, 450);
    }

    private static void PlotImportance(ModelManifest manifest, string path)
    {
        var plot = new ScottPlot.Plot();
        FeatureImportance[] top = [.. manifest.Importance.Take(15)];
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < top.Length; i++)
        {
            var bar = plot.Add.Bar(position: top.Length - i, value: top[i].Share * 100);
            bar.Horizontal = true;
            ticks.AddMajor(top.Length - i, top[i].Feature);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Title("Feature importance (share of split gain, %)");
        plot.SavePng(path, 800, 500);
    }

    private static string Three(double[] values) =>
        string.Join(" / ", values.Select(v => double.IsNaN(v) ? "–" : v.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Time(long unixNs) =>
        DateTime.UnixEpoch.AddTicks(unixNs / 100).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
