using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Commands;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Host.Tests;

/// <summary><c>llfeed replay --parallel [N]</c>: the value, its refusal with a clear message and exit code 2, and the files it writes.</summary>
public sealed class ReplayParallelCommandTests : IDisposable
{
    private static readonly HashSet<string> s_twoWord = new(StringComparer.Ordinal) { "journal", "instruments" };
    private static readonly HashSet<string> s_optional = new(StringComparer.Ordinal) { "parallel" };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llfeed-replay-parallel-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task A_bad_worker_count_is_refused_with_a_clear_message(string value)
    {
        string journal = WriteJournal();
        var line = CommandLine.Parse(["replay", "--journal", journal, "--parallel", value], s_twoWord, new HashSet<string>(), s_optional);
        var error = await Assert.ThrowsAsync<CommandLineException>(() => ReplayCommand.RunAsync(line, TextWriter.Null, CancellationToken.None));
        Assert.Contains("--parallel takes the number of worker threads", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Program.Main(["replay", "--journal", journal, "--parallel", value]));
    }

    [Fact]
    public void No_value_means_one_worker_per_core_but_the_readers_and_absent_means_single_threaded()
    {
        Assert.Equal(1, ReplayCommand.DefaultWorkers(1));
        Assert.Equal(1, ReplayCommand.DefaultWorkers(2));
        Assert.Equal(7, ReplayCommand.DefaultWorkers(8));
        Assert.Equal(ReplayCommand.DefaultWorkers(Environment.ProcessorCount), ReplayCommand.ParseParallel(""));
        Assert.Equal(0, ReplayCommand.ParseParallel(null));
        Assert.Equal(3, ReplayCommand.ParseParallel("3"));
        var line = CommandLine.Parse(["replay", "--parallel", "--journal", "x"], s_twoWord, new HashSet<string>(), s_optional);
        Assert.Equal("", line.GetString("parallel"));
        Assert.Equal("x", line.GetString("journal"));
    }

    [Fact]
    public async Task Parallel_replay_writes_the_same_bars_file_for_every_worker_count()
    {
        string journal = WriteJournal();
        string? first = null;
        foreach (string workers in new[] { "1", "2", "4" })
        {
            string bars = Path.Combine(_directory, $"bars-{workers}.csv");
            var output = new StringWriter();
            var line = CommandLine.Parse(["replay", "--journal", journal, "--out", bars, "--parallel", workers], s_twoWord, new HashSet<string>(), s_optional);
            Assert.Equal(0, await ReplayCommand.RunAsync(line, output, CancellationToken.None));
            Assert.Contains($"on {workers} worker thread(s)", output.ToString(), StringComparison.Ordinal);
            string text = await File.ReadAllTextAsync(bars);
            Assert.True(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 4, text);
            first ??= text;
            Assert.Equal(first, text);
        }

        var paced = CommandLine.Parse(["replay", "--journal", journal, "--speed", "10x", "--parallel", "2"], s_twoWord, new HashSet<string>(), s_optional);
        var error = await Assert.ThrowsAsync<CommandLineException>(() => ReplayCommand.RunAsync(paced, TextWriter.Null, CancellationToken.None));
        Assert.Contains("--parallel needs --speed max", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Trades of three instruments on two protocols over ten seconds, a clock event every second.</summary>
    private string WriteJournal()
    {
        string journal = Path.Combine(_directory, "journal-" + Guid.NewGuid().ToString("N"));
        InstrumentId[] instruments = [InstrumentId.From(FeedKind.Kite, 408_065), InstrumentId.From(FeedKind.Kite, 738_561), InstrumentId.From(FeedKind.Binance, 1)];
        using var writer = JournalWriter.Open(new JournalWriterOptions { Directory = journal, Durability = JournalDurability.FlushPerBlock });
        const long Start = 1_735_689_600_000_000_000;
        long sequence = 0;
        for (int step = 0; step < 100; step++)
        {
            long time = Start + (step * 100_000_000L);
            for (int i = 0; i < instruments.Length; i++)
            {
                MarketEvent e = default;
                e.Header.Kind = EventKind.Tick;
                e.Header.Feed = instruments[i].Feed;
                e.Header.Instrument = instruments[i];
                e.Header.PriceDecimals = 2;
                e.Header.ExchangeTimeNs = time + i;
                e.Header.ReceiveTimeNs = time + i;
                e.Tick.LastPrice = 10_000 + (i * 1_000) + ((step * 7) % 13);
                e.Tick.LastQuantity = 1 + (step % 5);
                e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.IsTrade;
                Assert.True(writer.Append(in e, sequence++));
            }

            if (step % 10 == 9)
            {
                MarketEvent clock = default;
                clock.Header.Kind = EventKind.Clock;
                clock.Header.ExchangeTimeNs = time + 50_000_000;
                clock.Header.ReceiveTimeNs = clock.Header.ExchangeTimeNs;
                Assert.True(writer.Append(in clock, sequence++));
            }
        }

        return journal;
    }
}
