using System.Runtime.CompilerServices;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Processing.Tests.Derived;

public sealed class DerivedEventLayoutTests
{
    [Fact]
    public void Slot_is_256_bytes_with_a_40_byte_header_and_payloads_that_fit()
    {
        Assert.Equal(256, Unsafe.SizeOf<DerivedEvent>());
        Assert.Equal(40, Unsafe.SizeOf<DerivedHeader>());
        Assert.Equal(104, Unsafe.SizeOf<BarValues>());
        Assert.Equal(216, Unsafe.SizeOf<BookMetricsValues>());
        Assert.Equal(80, Unsafe.SizeOf<SignalValues>()); // 8 bytes of side, previous side, reserved, window depth + 9 eight-byte fields (model version and confidence last)
        Assert.Equal(32, Unsafe.SizeOf<ImbalanceWindow>());
    }

    [Fact]
    public void Payloads_start_right_after_the_header()
    {
        var e = default(DerivedEvent);
        ref byte start = ref Unsafe.As<DerivedEvent, byte>(ref e);
        Assert.Equal(40, (int)Unsafe.ByteOffset(ref start, ref Unsafe.As<BarValues, byte>(ref e.Bar)));
        Assert.Equal(40, (int)Unsafe.ByteOffset(ref start, ref Unsafe.As<BookMetricsValues, byte>(ref e.Metrics)));
        Assert.Equal(40, (int)Unsafe.ByteOffset(ref start, ref Unsafe.As<SignalValues, byte>(ref e.Signal)));
    }

    [Fact]
    public void Turnover_round_trips_through_its_two_halves()
    {
        var bar = default(BarValues);
        Int128 big = ((Int128)long.MaxValue * 1_000_003) + 17;
        bar.Turnover = big;
        Assert.Equal(big, bar.Turnover);
        bar.Turnover = -5;
        Assert.Equal((Int128)(-5), bar.Turnover);
    }

    [Fact]
    public void Buffer_keeps_events_in_order_and_refuses_publish_without_claim()
    {
        var buffer = new DerivedEventBuffer(1);
        for (int i = 0; i < 3; i++)
        {
            ref DerivedEvent slot = ref buffer.Claim();
            slot.Header.SourceSequence = i;
            buffer.Publish();
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal(2, buffer[2].Header.SourceSequence);
        Assert.Throws<InvalidOperationException>(buffer.Publish);
        buffer.Clear();
        Assert.Equal(0, buffer.Count);
    }
}
