using System.Globalization;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Benchmarks.Ring;

/// <summary>
/// Appends each ring consumer's average batch size to BenchmarkDotNet.Artifacts/ring-batch-sizes.txt: throughput on
/// small machines is bimodal (tiny batches when keeping pace, huge ones when behind), so the figure explains the time.
/// </summary>
public static class BatchSizeReport
{
    public static void Write(string benchmark, string label, IEventProcessor consumer)
    {
        double average = consumer.BatchCount == 0 ? 0 : (double)consumer.EventCount / consumer.BatchCount;
        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O}\t{benchmark}\t{label}\t{consumer.Name}\tevents={consumer.EventCount}\tbatches={consumer.BatchCount}\taverage_batch={average:F1}");
        Console.WriteLine("// batch size: " + line);
        string directory = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
        try
        {
            Directory.CreateDirectory(directory);
            File.AppendAllText(Path.Combine(directory, "ring-batch-sizes.txt"), line + Environment.NewLine);
        }
        catch (IOException)
        {
            // The console line above is enough when the artifacts folder is not writable.
        }
    }
}
