using System.Diagnostics;
using System.Globalization;

namespace LowLatencyFeed.Benchmarks.Streaming;

/// <summary>
/// The hidden verb <c>stream-clients --address URL --clients N --format json|binary --batch true|false</c>: the stream
/// harness's child process (<see cref="StreamClientsProcess"/>). Opens N <see cref="StreamLoadClients"/> to the host,
/// prints <c>ready</c>, reads until a line arrives on stdin or stdin closes (also when the parent dies), then prints its
/// counts as one machine-readable line (<see cref="StreamClientCounts.ToLine"/>).
/// </summary>
internal static class StreamClientsVerb
{
    public static async Task<int> RunAsync(string[] args)
    {
        Uri? address = null;
        int clients = 0;
        string format = "json";
        bool batch = false;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--address": address = new Uri(args[i + 1]); break;
                case "--clients": clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--format": format = args[i + 1]; break;
                case "--batch": batch = bool.Parse(args[i + 1]); break;
                default: await Console.Error.WriteLineAsync($"unknown option {args[i]}").ConfigureAwait(false); return 2;
            }
        }

        if (address is null || clients <= 0)
        {
            await Console.Error.WriteLineAsync($"usage: {StreamClientsProcess.Verb} --address URL --clients N [--format json|binary] [--batch true|false]").ConfigureAwait(false);
            return 2;
        }

        await using StreamLoadClients streams = await StreamLoadClients.ConnectAsync(address, clients, format, batch).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        TimeSpan cpuAtReady = self.TotalProcessorTime;
        Console.Out.WriteLine(StreamClientsProcess.ReadyLine);
        Console.Out.Flush();
        await Task.Run(() => Console.In.ReadLine()).ConfigureAwait(false);
        StreamClientCounts counts = await streams.StopAsync().ConfigureAwait(false);
        self.Refresh();
        Console.Out.WriteLine((counts with { CpuMilliseconds = (long)(self.TotalProcessorTime - cpuAtReady).TotalMilliseconds }).ToLine());
        Console.Out.Flush();
        return 0;
    }
}
