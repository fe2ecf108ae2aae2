using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Research.Labels;
using LowLatencyFeed.Research.Scoring;
using LowLatencyFeed.Research.Training;
using Microsoft.ML;

namespace LowLatencyFeed.Benchmarks.Research;

/// <summary>
/// One prediction per closed bar, as the scoring stage makes it: a LightGBM multiclass model of the size
/// <c>llfeed train</c> builds by default (100 iterations × 3 classes, 15 leaves) over 36 features. Baseline: ML.NET's
/// <c>PredictionEngine</c> on the same model, used the cheapest way it allows (one engine, input and output objects
/// reused through <c>Predict(input, ref output)</c>). Both give the same probabilities to the bit
/// (<c>FlatForestTests</c>).
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Features = 36;
    private const int Rows = 256;

    private float[][] _rows = null!;
    private FlatForest _forest = null!;
    private PredictionEngine<MlExample, MlPrediction> _engine = null!;
    private MlExample _input = null!;
    private MlPrediction _output = null!;
    private float[] _probabilities = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        var samples = new List<Sample>();
        for (int i = 0; i < 3000; i++)
        {
            var features = new float[Features];
            for (int f = 0; f < Features; f++)
            {
                features[f] = random.Next(20) == 0 ? float.NaN : (float)random.NextDouble();
            }

            double signal = features[0] - features[1] + (0.3 * random.NextDouble());
            BarrierLabel label = signal > 0.4 ? BarrierLabel.Buy : signal < -0.1 ? BarrierLabel.Sell : BarrierLabel.Hold;
            samples.Add(new Sample(default, i, i, i, label, features));
        }

        var ml = new MLContext(1);
        int[] all = [.. Enumerable.Range(0, samples.Count)];
        var model = LightGbmTraining.Fit(ml, samples, all, Features, new LightGbmParameters());
        _forest = ForestExport.From(model.Model, Features);
        _engine = ml.Model.CreatePredictionEngine<MlExample, MlPrediction>(model, inputSchemaDefinition: LightGbmTraining.Schema(Features));
        _rows = [.. samples.Take(Rows).Select(s => s.Features)];
        _input = new MlExample { Features = new float[Features] };
        _output = new MlPrediction();
        _probabilities = new float[3];
    }

    [Benchmark(Baseline = true, Description = "ML.NET PredictionEngine.Predict(input, ref output)")]
    public float PredictionEngine()
    {
        float[] row = _rows[_next++ & (Rows - 1)];
        row.CopyTo(_input.Features, 0);
        _engine.Predict(_input, ref _output);
        return _output.Score[2];
    }

    [Benchmark(Description = "FlatForest.Predict (scoring stage)")]
    public float FlatForest()
    {
        float[] row = _rows[_next++ & (Rows - 1)];
        _forest.Predict(row, _probabilities);
        return _probabilities[2];
    }
}
