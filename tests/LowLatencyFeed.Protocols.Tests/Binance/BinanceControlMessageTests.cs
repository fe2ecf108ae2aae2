using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Control responses, errors and server shutdowns are routed before event parsing.</summary>
public sealed class BinanceControlMessageTests
{
    [Fact]
    public void Subscribe_success_response_is_counted_not_published()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Assert.Equal(0, Decode(protocol, """{"result":null,"id":312}""", ref sink));

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.ControlResponses);
        Assert.Equal(312, protocol.LastControlResponseId);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
    }

    [Fact]
    public void List_subscriptions_response_with_an_array_result_is_a_control_response()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Decode(protocol, """{"result":["btcusdt@aggTrade"],"id":3}""", ref sink);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.ControlResponses);
        Assert.Equal(3, protocol.LastControlResponseId);
    }

    [Fact]
    public void Error_response_is_counted_and_kept_as_text()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Decode(protocol, """{"code":2,"msg":"Invalid request: unknown method","id":7}""", ref sink);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.ErrorResponses);
        Assert.Equal("code 2: Invalid request: unknown method (request id 7)", protocol.LastErrorResponse);
        Assert.Equal(0, protocol.ControlResponses);
    }

    [Fact]
    public void Server_shutdown_becomes_a_server_disconnect_control_event()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Assert.Equal(1, Decode(protocol, Combined("!serverShutdown", """{"e":"serverShutdown","E":1700000000000}"""), ref sink));

        ref readonly MarketEvent e = ref sink[0];
        Assert.Equal(EventKind.Control, e.Header.Kind);
        Assert.Equal(FeedKind.Binance, e.Header.Feed);
        Assert.Equal(ControlCode.ServerDisconnect, e.Control.Code);
        Assert.Equal(1_700_000_000_000_000_000, e.Header.ExchangeTimeNs);
        Assert.Equal(InstrumentId.From(FeedKind.Binance, 0), e.Header.Instrument);
        Assert.Equal(1, protocol.ServerShutdowns);
    }

    [Fact]
    public void Unknown_event_type_is_counted_as_unknown_message_code()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Decode(protocol, """{"e":"kline","E":1,"s":"BTCUSDT","k":{"t":1}}""", ref sink);

        Assert.Equal(0, sink.Count);
        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
    }

    [Fact]
    public void Top_level_array_is_counted_as_unknown_message_code()
    {
        var protocol = Create();
        var sink = new CollectingSink(4);

        Decode(protocol, """[{"e":"24hrTicker"}]""", ref sink);

        Assert.Equal(1, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownMessageCode));
    }
}
