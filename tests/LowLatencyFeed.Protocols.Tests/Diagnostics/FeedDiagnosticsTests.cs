using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using LowLatencyFeed.TestSupport;

namespace LowLatencyFeed.Protocols.Tests.Diagnostics;

/// <summary>Errors are counted every time, but their detail text is built and logged only for the first of each reason.</summary>
public sealed class FeedDiagnosticsTests
{
    [Fact]
    public void Detail_is_formatted_only_for_the_first_error_of_each_reason()
    {
        var logger = new CapturingLogger();
        var diagnostics = new FeedDiagnostics("test#0", logger);
        var value = new CountingFormattable();
        byte[] message = [0x01, 0x02, 0x03, 0x04];

        for (int i = 0; i < 5; i++)
        {
            diagnostics.Report(ParseErrorReason.Truncated, $"truncated {value}", message, 2);
        }

        diagnostics.Report(ParseErrorReason.Garbage, $"garbage {value}", message, 0);

        Assert.Equal(2, value.Formatted);
        Assert.Equal(5, diagnostics.ErrorCount(ParseErrorReason.Truncated));
        Assert.Equal(1, diagnostics.ErrorCount(ParseErrorReason.Garbage));
        Assert.Equal(6, diagnostics.TotalErrors);
        Assert.Equal(2, logger.Entries.Count);
        Assert.Contains("Truncated at offset 2: truncated #1", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("bytes [01020304]", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("garbage #2", diagnostics.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_errors_after_the_first_allocate_nothing()
    {
        var diagnostics = new FeedDiagnostics("test#0");
        byte[] message = [0xFF, 0xFE];
        int length = 184;
        diagnostics.Report(ParseErrorReason.UnknownPacketLength, $"packet has length {length}", message, 0);

        IReadOnlyList<long> windows = AllocationWindows.UntilZero(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                diagnostics.Report(ParseErrorReason.UnknownPacketLength, $"packet {i} has length {length}", message, 0);
            }
        });

        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
        Assert.Equal(1 + (1000L * windows.Count), diagnostics.ErrorCount(ParseErrorReason.UnknownPacketLength));
    }

    private sealed class CountingFormattable : IFormattable
    {
        public int Formatted { get; private set; }

        public string ToString(string? format, IFormatProvider? formatProvider) => "#" + (++Formatted).ToString(formatProvider);

        public override string ToString() => ToString(null, null);
    }
}
