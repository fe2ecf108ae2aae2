using BenchmarkDotNet.Running;

namespace LowLatencyFeed.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/LowLatencyFeed.Benchmarks -- --filter '*Ring*'</c>, or
/// <c>-- latency</c> for the one-hop latency histogram of the ring against the runtime's queues, <c>-- e2e</c> for the
/// end-to-end harness through the whole engine (simulator → WebSocket → parsers → ring → journal, bars, books → database
/// stager with PostgreSQL; see <c>EndToEnd/EndToEndHarness.cs</c>), <c>-- bus throughput|latency|storage</c>
/// for the NATS JetStream harness (see <c>Bus/BusHarness.cs</c>), <c>-- stream</c> for N live-stream clients under load
/// (<c>Streaming/StreamLoadHarness.cs</c>; its clients run in a child process, the hidden verb <c>stream-clients</c>), <c>-- bars</c> for <c>/api/bars</c> under load (<c>Api/BarsLoadHarness.cs</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "latency")
        {
            return Ring.OneHopLatency.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "bus")
        {
            return await Bus.BusHarness.RunAsync(args[1..]).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "stream")
        {
            return await Streaming.StreamLoadHarness.RunAsync(args[1..]).ConfigureAwait(false);
        }

        // Hidden: the stream harness's clients in a child process of their own (Streaming/StreamClientsProcess.cs).
        if (args.Length > 0 && args[0] == Streaming.StreamClientsProcess.Verb)
        {
            return await Streaming.StreamClientsVerb.RunAsync(args[1..]).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "bars")
        {
            return await Api.BarsLoadHarness.RunAsync(args[1..]).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "e2e")
        {
            return await EndToEnd.EndToEndHarness.RunAsync(args[1..]).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
