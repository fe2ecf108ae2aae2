using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Client;
using LowLatencyFeed.Client.Streaming;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Streaming;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// The C# client's typed <c>indicator</c> and <c>status</c> stream messages, read from the exact JSON the host writes:
/// the indicator channel's writer run on hand-built events, and a live host's status channel.
/// </summary>
public sealed class ClientStreamMessageTests
{
    private static readonly DateTimeOffset s_barStart = new(2026, 1, 5, 9, 15, 0, TimeSpan.Zero);

    [Fact]
    public void An_indicator_message_with_one_exact_output_reads_into_an_IndicatorMessage()
    {
        DerivedEvent e = Indicator(IndicatorKind.Sma, period: 14, valueCount: 1, value1: 1234.5, exact: 1234.55m);
        StreamMessage message = StreamMessageReader.Read(Write(e));

        IndicatorMessage indicator = Assert.IsType<IndicatorMessage>(message);
        Assert.Equal("indicator", indicator.Type);
        Assert.Equal("Kite:408065", indicator.Instrument);
        Assert.Equal("indicators", indicator.Channel);
        Assert.Equal(s_barStart, indicator.Time);
        Assert.Equal(60, indicator.TimeframeSeconds);
        Assert.Equal("sma(14)", indicator.Label);
        Assert.Equal(1234.5, indicator.Value);
        Assert.Null(indicator.Value2);
        Assert.Null(indicator.Value3);
        Assert.Equal(1234.55m, indicator.ExactValue);
        Assert.Equal((int)DerivedFlags.GapAffected, indicator.Flags);
        Assert.Equal(987_654, indicator.Seq);
    }

    [Fact]
    public void An_indicator_message_with_three_outputs_and_no_exact_value_reads_them_all()
    {
        DerivedEvent e = Indicator(IndicatorKind.Macd, period: 12, valueCount: 3, value1: 1.25, exact: null, value2: -0.5, value3: 1.75);
        e.Indicator.Period2 = 26;
        e.Indicator.SignalPeriod = 9;
        IndicatorMessage indicator = Assert.IsType<IndicatorMessage>(StreamMessageReader.Read(Write(e)));

        Assert.Equal("macd(12,26,9)", indicator.Label);
        Assert.Equal((1.25, -0.5, 1.75), (indicator.Value, indicator.Value2, indicator.Value3));
        Assert.Null(indicator.ExactValue);
    }

    [Fact]
    public async Task The_status_channel_reads_into_a_StatusMessage_with_the_hosts_status_and_feeds()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null);
        using var api = new FeedApiClient(new Uri(host.Host.ApiAddress));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using FeedStream stream = await api.ConnectStreamAsync(timeout.Token);
        await stream.SubscribeAsync(["status"], instruments: [], cancellationToken: timeout.Token);

        StatusMessage? status = null;
        await foreach (StreamMessage message in stream.ReadAllAsync(timeout.Token))
        {
            Assert.IsNotType<UnknownMessage>(message);
            if (message is StatusMessage received)
            {
                status = received;
                break;
            }
        }

        Assert.NotNull(status);
        Assert.Equal("status", status.Type);
        Assert.Null(status.Instrument);
        Assert.NotEqual(default, status.Time);
        Assert.NotNull(status.Status);
        Assert.Equal(host.Host.Engine.Feeds.Count, status.Status.Engine.Feeds);
        Assert.NotEmpty(status.Status.Stages);
        Assert.Equal((await api.GetFeedsAsync(timeout.Token)).Select(f => (f.Name, f.Protocol)), status.Feeds.Select(f => (f.Name, f.Protocol)));
        Assert.Equal(status.Status.Database.Tables.Select(t => t.Name).Order(), status.TableRowsPerSecond.Keys.Order());
    }

    private static DerivedEvent Indicator(IndicatorKind kind, short period, byte valueCount, double value1, decimal? exact, double value2 = 0, double value3 = 0)
    {
        var e = default(DerivedEvent);
        e.Header.Kind = DerivedEventKind.Indicator;
        e.Header.Feed = FeedKind.Kite;
        e.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
        e.Header.Flags = DerivedFlags.GapAffected;
        e.Header.SourceSequence = 987_654;
        e.Indicator.Kind = kind;
        e.Indicator.Period = period;
        e.Indicator.BarStartTimeNs = s_barStart.ToUnixTimeMilliseconds() * 1_000_000;
        e.Indicator.TimeframeNs = 60_000_000_000;
        e.Indicator.BarEndTimeNs = e.Indicator.BarStartTimeNs + e.Indicator.TimeframeNs;
        e.Indicator.ValueCount = valueCount;
        e.Indicator.Value1 = value1;
        e.Indicator.Value2 = value2;
        e.Indicator.Value3 = value3;
        e.Indicator.HasExact = exact is not null;
        e.Indicator.Exact = exact ?? 0;
        return e;
    }

    /// <summary>The bytes the host sends for <paramref name="e"/> on the <c>indicators</c> channel.</summary>
    private static byte[] Write(in DerivedEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            new IndicatorStreamChannel().Write(json, e);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
