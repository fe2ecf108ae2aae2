using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Tests.Support;
using LowLatencyFeed.Journal.Tools;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Journal.Tests;

public sealed class ToolsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Inspect_lists_segments_with_ranges_counts_and_ratio()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 100, segmentBytes: 8192), 3000, seed: 41);
        var output = new StringWriter();

        Assert.Equal(JournalTools.ExitOk, JournalTools.Inspect(_temp.Path, output));

        string text = output.ToString();
        int segments = JournalDirectory.ListSegments(_temp.Path).Count;
        Assert.Contains($"{segments} segment(s)", text);
        Assert.Contains("journal-0000000001.seg", text);
        string total = text.Split('\n').Single(l => l.StartsWith("total", StringComparison.Ordinal));
        string[] columns = total.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("30", columns[1]); // blocks
        Assert.Equal("3000", columns[2]); // events
        Assert.Equal("0", columns[3]);
        Assert.Equal("2999", columns[4]);
        Assert.StartsWith("2025-01-01T00:00:", columns[5]);
        Assert.True(double.Parse(columns[^1], System.Globalization.CultureInfo.InvariantCulture) > 1.0);
    }

    [Fact]
    public void Tools_report_a_missing_directory_as_usage_error()
    {
        string missing = Path.Combine(_temp.Path, "nope");
        Assert.Equal(JournalTools.ExitUsage, JournalTools.Inspect(missing, new StringWriter()));
        Assert.Equal(JournalTools.ExitUsage, JournalTools.Verify(missing, new StringWriter()));
        Assert.Equal(JournalTools.ExitUsage, JournalTools.Export(missing, Path.Combine(_temp.Path, "x.csv")));
    }

    [Fact]
    public void Verify_passes_a_healthy_journal()
    {
        JournalFixture.Write(JournalFixture.Options(_temp.Path, maxEventsPerBlock: 64, segmentBytes: 8192), 2000, seed: 43);
        var output = new StringWriter();
        Assert.True(JournalTools.Verify(_temp.Path, output) == JournalTools.ExitOk, output.ToString());
        Assert.Contains("2000 event(s): OK", output.ToString());
    }

    [Fact]
    public void Export_writes_a_header_and_one_row_per_event_with_exact_values()
    {
        string journal = _temp.Sub("j");
        using (var writer = JournalWriter.Open(JournalFixture.Options(journal)))
        {
            MarketEvent tick = default;
            tick.Header.Kind = EventKind.Tick;
            tick.Header.Feed = FeedKind.Kite;
            tick.Header.PriceDecimals = 2;
            tick.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
            tick.Header.ExchangeTimeNs = 1_735_689_600_000_000_000;
            tick.Header.ReceiveTimeNs = 1_735_689_600_000_500_000;
            tick.Header.Flags = EventFlags.AfterGap;
            tick.Tick.LastPrice = 150_025;
            tick.Tick.LastQuantity = 7;
            tick.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity;
            writer.Append(in tick, 0);

            MarketEvent depth = default;
            depth.Header.Kind = EventKind.Depth;
            depth.Header.PriceDecimals = 1;
            depth.Depth.SlabIndex = -1;
            depth.Depth.BidCount = 1;
            depth.Depth.AskCount = 1;
            depth.Depth.Levels[0] = new DepthLevel(995, 3, 1);
            depth.Depth.Levels[1] = new DepthLevel(1005, 4, 2);
            writer.Append(in depth, 1);

            MarketEvent control = default;
            control.Header.Kind = EventKind.Control;
            control.Control.Code = ControlCode.Disconnected;
            control.Control.Argument1 = 5_000_000_000;
            writer.Append(in control, 2);
        }

        string csv = Path.Combine(_temp.Path, "events.csv");
        Assert.Equal(JournalTools.ExitOk, JournalTools.Export(journal, csv));

        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(4, lines.Length);
        string[] header = lines[0].Split(',');
        Assert.All(lines, l => Assert.Equal(header.Length, l.Split(',').Length));
        string Cell(int row, string column) => lines[row].Split(',')[Array.IndexOf(header, column)];

        Assert.Equal("0", Cell(1, "sequence"));
        Assert.Equal("Tick", Cell(1, "kind"));
        Assert.Equal("Kite", Cell(1, "feed"));
        Assert.Equal("408065", Cell(1, "token"));
        Assert.Equal("AfterGap", Cell(1, "flags"));
        Assert.Equal("1500.25", Cell(1, "last_price"));
        Assert.Equal("7", Cell(1, "last_quantity"));
        Assert.Equal("LastPrice|LastQuantity", Cell(1, "tick_fields"));
        Assert.Equal("1735689600000000000", Cell(1, "exchange_time_ns"));
        Assert.Equal(string.Empty, Cell(1, "bid_price"));

        Assert.Equal("Depth", Cell(2, "kind"));
        Assert.Equal("99.5:3:1", Cell(2, "bids"));
        Assert.Equal("100.5:4:2", Cell(2, "asks"));

        Assert.Equal("Disconnected", Cell(3, "control_code"));
        Assert.Equal("5000000000", Cell(3, "argument1"));
    }
}
