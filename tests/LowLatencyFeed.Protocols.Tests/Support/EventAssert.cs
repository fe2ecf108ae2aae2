using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Tests.Support;

/// <summary>Compares whole events: readable field messages for the usual differences, then all 256 bytes.</summary>
public static class EventAssert
{
    /// <summary>Asserts two events are identical, header and payload, byte for byte.</summary>
    public static void Equal(in MarketEvent expected, in MarketEvent actual, string? context = null)
    {
        string at = context is null ? string.Empty : $" ({context})";
        Assert.True(expected.Header.Kind == actual.Header.Kind, $"Kind{at}: expected {expected.Header.Kind}, got {actual.Header.Kind}");
        Assert.True(expected.Header.Instrument == actual.Header.Instrument, $"Instrument{at}: expected {expected.Header.Instrument}, got {actual.Header.Instrument}");
        Assert.True(expected.Header.Flags == actual.Header.Flags, $"Flags{at}: expected {expected.Header.Flags}, got {actual.Header.Flags}");
        Assert.True(expected.Header.PriceDecimals == actual.Header.PriceDecimals, $"PriceDecimals{at}: expected {expected.Header.PriceDecimals}, got {actual.Header.PriceDecimals}");
        Assert.True(expected.Header.ExchangeTimeNs == actual.Header.ExchangeTimeNs, $"ExchangeTimeNs{at}: expected {expected.Header.ExchangeTimeNs}, got {actual.Header.ExchangeTimeNs}");
        if (expected.Header.Kind == EventKind.Tick)
        {
            Assert.True(expected.Tick.Fields == actual.Tick.Fields, $"Tick.Fields{at}: expected {expected.Tick.Fields}, got {actual.Tick.Fields}");
            Assert.True(expected.Tick.LastPrice == actual.Tick.LastPrice, $"Tick.LastPrice{at}: expected {expected.Tick.LastPrice}, got {actual.Tick.LastPrice}");
        }

        ReadOnlySpan<byte> e = AsBytes(expected);
        ReadOnlySpan<byte> a = AsBytes(actual);
        int diff = e.CommonPrefixLength(a);
        Assert.True(diff == MarketEvent.SizeInBytes, $"Events differ{at} first at byte {diff} of {MarketEvent.SizeInBytes}: expected {Convert.ToHexString(e)} got {Convert.ToHexString(a)}");
    }

    /// <summary>Asserts two event sequences are identical.</summary>
    public static void SequenceEqual(ReadOnlySpan<MarketEvent> expected, ReadOnlySpan<MarketEvent> actual, string? context = null)
    {
        Assert.True(expected.Length == actual.Length, $"Event count{(context is null ? string.Empty : $" ({context})")}: expected {expected.Length}, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            Equal(expected[i], actual[i], context is null ? $"event {i}" : $"{context}, event {i}");
        }
    }

    private static ReadOnlySpan<byte> AsBytes(in MarketEvent e) =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in Unsafe.AsRef(in e)));
}
