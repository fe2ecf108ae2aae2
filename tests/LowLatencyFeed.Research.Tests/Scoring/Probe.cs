using LowLatencyFeed.Research.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace LowLatencyFeed.Research.Tests.Scoring;

public sealed class Probe(ITestOutputHelper output)
{
    [Fact]
    public void Types()
    {
        var ml = new MLContext(1);
        var random = new Random(3);
        var samples = new List<Sample>();
        for (int i = 0; i < 600; i++)
        {
            var f = new float[4];
            for (int k = 0; k < 4; k++) f[k] = (float)random.NextDouble();
            if (i % 7 == 0) f[2] = float.NaN;
            var label = f[0] > 0.6 ? LowLatencyFeed.Research.Labels.BarrierLabel.Buy : f[0] < 0.3 ? LowLatencyFeed.Research.Labels.BarrierLabel.Sell : LowLatencyFeed.Research.Labels.BarrierLabel.Hold;
            samples.Add(new Sample(default, i, i, i, label, f));
        }
        var model = LightGbmTraining.Fit(ml, samples, Enumerable.Range(0, 600).ToArray(), 4, new LightGbmParameters { NumberOfIterations = 5 });
        output.WriteLine(model.Model.GetType().FullName);
        foreach (var p in model.Model.GetType().GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)) output.WriteLine("prop " + p.Name + " " + p.PropertyType);
        foreach (var p in model.Model.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)) output.WriteLine("field " + p.Name + " " + p.FieldType);
        var forest = LowLatencyFeed.Research.Training.ForestExport.From(model.Model, 4);
        output.WriteLine($"trees {forest.Trees.Count} bias {string.Join(",", forest.Bias)}");
        var engine = ml.Model.CreatePredictionEngine<MlExample, MlPrediction>(model, inputSchemaDefinition: LightGbmTraining.Schema(4));
        var probs = new float[3];
        int diff = 0;
        for (int i = 0; i < 600; i++)
        {
            var p = engine.Predict(new MlExample { Features = samples[i].Features });
            forest.Predict(samples[i].Features, probs);
            if (i < 5 || (i % 7 == 0 && i < 30)) output.WriteLine($"{string.Join(",", p.Score)} vs {string.Join(",", probs)}");
            if (!p.Score.AsSpan().SequenceEqual(probs)) { diff++;
                var sums = new double[3]; forest.Sums(samples[i].Features, sums);
                if (diff < 4) output.WriteLine($"sums {sums[0]:R} {sums[1]:R} {sums[2]:R} ml {p.Score[0]:R} {p.Score[1]:R} {p.Score[2]:R}");
                // variants
                float[] e = new float[3]; float t = 0; for (int c = 0; c < 3; c++) { e[c] = (float)Math.Exp((float)sums[c]); t += e[c]; }
                float[] v1 = e.Select(x => x / t).ToArray();
                double td = 0; double[] ed = new double[3]; for (int c = 0; c < 3; c++) { ed[c] = Math.Exp((float)sums[c]); td += ed[c]; }
                float[] v2 = ed.Select(x => (float)(x / td)).ToArray();
                float[] v3 = e.Select(x => (float)(x / (double)t)).ToArray();
                if (diff < 4) output.WriteLine($"v1 {string.Join(",", v1)} v2 {string.Join(",", v2)} v3 {string.Join(",", v3)}");
            }
        }
        output.WriteLine("diff " + diff);
        var conf = new int[3,3];
        for (int i = 0; i < 600; i++) { forest.Predict(samples[i].Features, probs); conf[(int)samples[i].Label + 1, ClassMetrics.ArgMax(probs)]++; }
        for (int a = 0; a < 3; a++) output.WriteLine($"conf {conf[a,0]} {conf[a,1]} {conf[a,2]}");
    }
}
