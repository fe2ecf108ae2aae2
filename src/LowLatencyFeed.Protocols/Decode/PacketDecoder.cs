using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Protocols.Kotak;

namespace LowLatencyFeed.Protocols.Decoding;

/// <summary>
/// The library behind <c>llfeed decode --protocol P FILE [--hex]</c>: decodes a capture with the engine's own parsers
/// and prints one JSON line per event (every field; prices and quantities as exact decimals), one per error (reason,
/// offset, detail, hex excerpt), one summary per message and a final summary. Instruments need no configuration:
/// unknown ones are decoded with default decimals. Cold path.
/// </summary>
/// <remarks>
/// Each message is decoded by a fresh protocol instance with fresh diagnostics, so the first error of each reason in
/// every message is printed in full; further errors of the same reason in the same message are reported by the
/// <c>count</c> field. State that outlives a message (Kotak dividers from the auth response; the HSM ACK interval and
/// topic cache, so UPDATEs merge onto earlier SNAPs) is carried over.
/// </remarks>
public static partial class PacketDecoder
{
    /// <summary>Exit code: every message decoded without error.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code: the capture was decoded but some messages had errors.</summary>
    public const int ExitErrors = 1;

    /// <summary>Exit code: unknown protocol name.</summary>
    public const int ExitUsage = 2;

    private const int SlabLevelsPerSide = 1000;

    /// <summary>HSM topics the decode tool caches: far more than one connection may subscribe.</summary>
    private const int HsmTopicCapacity = 16_384;

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Protocol names: <c>kite</c>, <c>dhan</c>, <c>dhan-depth</c> (20 or 200 level, chosen per message from the first
    /// header), <c>dhan-depth20</c>, <c>dhan-depth200</c>, <c>binance</c>, <c>kotak</c> (SFeed), <c>kotak-hsm</c> (legacy HSM).
    /// </summary>
    public static IReadOnlyList<string> ProtocolNames { get; } = ["kite", "dhan", "dhan-depth", "dhan-depth20", "dhan-depth200", "binance", "kotak", "kotak-hsm"];

    /// <summary>Decodes <paramref name="input"/> and writes JSON lines to <paramref name="output"/>.</summary>
    /// <param name="protocol">One of <see cref="ProtocolNames"/> (case-insensitive).</param>
    /// <param name="input">The capture: raw bytes, or hex text with one WebSocket message per line.</param>
    /// <param name="hex">True for hex text input.</param>
    /// <param name="output">Where the JSON lines go.</param>
    /// <returns><see cref="ExitOk"/>, <see cref="ExitErrors"/> or <see cref="ExitUsage"/>.</returns>
    public static int Run(string protocol, Stream input, bool hex, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        string name = protocol.Trim().ToLowerInvariant();
        if (!ProtocolNames.Contains(name))
        {
            WriteLine(output, json =>
            {
                json.WriteString("type"u8, "error"u8);
                json.WriteString("reason"u8, "UnknownProtocol"u8);
                json.WriteString("detail"u8, $"'{protocol}' is not one of: {string.Join(", ", ProtocolNames)}");
            });
            return ExitUsage;
        }

        List<CaptureMessage> messages = CaptureReader.Read(input, hex, textProtocol: name == "binance");
        long errors = 0;
        var slabs = new DepthSlabPool(16, SlabLevelsPerSide);
        var context = new DecodeContext(name, slabs, new KotakExchangeTable(), new KotakHsmConnectionState(HsmTopicCapacity) { RecordTopicNames = true }, name == "binance" ? BinanceSubscriptions(messages) : []);
        var sink = new JsonEventSink(output, slabs, instrument => BrokerKey(context, instrument));
        long events = 0;
        foreach (CaptureMessage message in messages)
        {
            if (message.HexError is { } problem)
            {
                errors++;
                WriteLine(output, json =>
                {
                    json.WriteString("type"u8, "error"u8);
                    json.WriteNumber("message"u8, message.Number);
                    json.WriteString("reason"u8, "BadHex"u8);
                    json.WriteString("detail"u8, problem);
                });
                continue;
            }

            (int published, long messageErrors) = DecodeMessage(context, message, sink, output);
            events += published;
            errors += messageErrors;
        }

        WriteLine(output, json =>
        {
            json.WriteString("type"u8, "summary"u8);
            json.WriteString("protocol"u8, name);
            json.WriteNumber("messages"u8, messages.Count(m => m.HexError is null));
            json.WriteNumber("events"u8, events);
            json.WriteNumber("errors"u8, errors);
        });
        return errors == 0 ? ExitOk : ExitErrors;
    }

    private static (int Events, long Errors) DecodeMessage(DecodeContext context, CaptureMessage message, JsonEventSink sink, TextWriter output)
    {
        var recorder = new DiagnosticsRecorder();
        var diagnostics = new FeedDiagnostics(context.Name, recorder);
        IFeedProtocol protocol = Create(context, message, diagnostics, recorder);
        sink.MessageNumber = message.Number;
        sink.EventsInMessage = 0;
        int published;
        string? failure = null;
        try
        {
            published = protocol.Decode(new ReadOnlySequence<byte>(message.Payload), message.Kind, 0, ref sink);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Parsers must never throw; if one does, say so and go on with the next message.
            failure = ex.ToString();
            published = sink.EventsInMessage;
        }

        long errors = diagnostics.TotalErrors + (failure is null ? 0 : 1);
        foreach (string line in recorder.Lines)
        {
            WriteLogLine(output, message.Number, line, diagnostics);
        }

        if (failure is not null)
        {
            WriteLine(output, json =>
            {
                json.WriteString("type"u8, "error"u8);
                json.WriteNumber("message"u8, message.Number);
                json.WriteString("reason"u8, "DecoderException"u8);
                json.WriteString("detail"u8, failure);
            });
        }

        WriteLine(output, json =>
        {
            json.WriteString("type"u8, "message"u8);
            json.WriteNumber("message"u8, message.Number);
            json.WriteString("kind"u8, message.Kind == MessageKind.Text ? "text"u8 : "binary"u8);
            json.WriteNumber("bytes"u8, message.Payload.Length);
            json.WriteNumber("events"u8, published);
            json.WriteNumber("errors"u8, errors);
        });
        return (published, errors);
    }

    /// <summary>A diagnostics line becomes an error object with its parts; any other log line is passed through.</summary>
    private static void WriteLogLine(TextWriter output, int messageNumber, string line, FeedDiagnostics diagnostics)
    {
        Match m = DiagnosticsLine().Match(line);
        if (!m.Success || !Enum.TryParse(m.Groups["reason"].Value, out ParseErrorReason reason))
        {
            WriteLine(output, json =>
            {
                json.WriteString("type"u8, "log"u8);
                json.WriteNumber("message"u8, messageNumber);
                json.WriteString("text"u8, line);
            });
            return;
        }

        WriteLine(output, json =>
        {
            json.WriteString("type"u8, "error"u8);
            json.WriteNumber("message"u8, messageNumber);
            json.WriteString("reason"u8, reason.ToString());
            json.WriteNumber("count"u8, diagnostics.ErrorCount(reason));
            json.WriteNumber("offset"u8, long.Parse(m.Groups["offset"].Value, System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("detail"u8, m.Groups["detail"].Value);
            json.WriteString("hex"u8, m.Groups["hex"].Value);
            json.WriteNumber("hexErrorAt"u8, int.Parse(m.Groups["at"].Value, System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    private static IFeedProtocol Create(DecodeContext context, CaptureMessage message, FeedDiagnostics diagnostics, DiagnosticsRecorder logger)
    {
        var dhanOptions = new DhanFeedOptions { PublishUnknownInstruments = true };
        return context.Name switch
        {
            "kite" => new KiteProtocol(diagnostics, 0, logger),
            "dhan" => new DhanProtocol(dhanOptions, null, diagnostics, logger),
            "dhan-depth20" => new DhanDepthProtocol(SubscriptionMode.Depth20, context.Slabs, dhanOptions, null, diagnostics, logger),
            "dhan-depth200" => new DhanDepthProtocol(SubscriptionMode.Depth200, context.Slabs, dhanOptions, null, diagnostics, logger),
            "dhan-depth" => new DhanDepthProtocol(GuessDepthMode(message.Payload), context.Slabs, dhanOptions, null, diagnostics, logger),
            "binance" => new BinanceProtocol(context.BinanceSubscriptions, new BinanceProtocolOptions { SynchronizeBooks = false, Slabs = context.Slabs }, diagnostics, logger),
            "kotak-hsm" => new KotakHsmProtocol(new KotakHsmOptions { PublishUnknownInstruments = true, State = context.KotakHsm }, null, diagnostics, logger),
            _ => new KotakSFeedProtocol(new KotakSFeedOptions { PublishUnknownInstruments = true, Exchanges = context.KotakExchanges }, null, context.Slabs, diagnostics, logger),
        };
    }

    /// <summary>
    /// The broker's own name of an instrument: Binance's symbol (<c>BTCUSDT</c>), the HSM topic name
    /// (<c>sf|nse_cm|11536</c>), and the numeric key the other feeds send (Kite instrument_token, Dhan security id,
    /// Kotak SFeed scrip token). Null for events that name no instrument (control events).
    /// </summary>
    private static string? BrokerKey(DecodeContext context, InstrumentId instrument)
    {
        if (instrument.Value == 0 || instrument.Token == 0)
        {
            return null;
        }

        if (context.Name == "binance")
        {
            foreach (Subscription subscription in context.BinanceSubscriptions)
            {
                if (subscription.Instrument == instrument)
                {
                    return subscription.Symbol.ToUpperInvariant();
                }
            }

            return null;
        }

        if (context.Name == "kotak-hsm" && context.KotakHsm.TryGetTopicName(instrument, out string? topic))
        {
            return topic;
        }

        return instrument.Token.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The 200-level header counts its rows at offset 8; the 20-level one holds a sequence there instead.</summary>
    private static SubscriptionMode GuessDepthMode(ReadOnlySpan<byte> message)
    {
        if (message.Length < DhanDepthLayout.HeaderLength)
        {
            return SubscriptionMode.Depth20;
        }

        int length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(message);
        uint rows = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(message[DhanDepthLayout.SequenceOrRows..]);
        return length >= DhanDepthLayout.HeaderLength && rows == (uint)((length - DhanDepthLayout.HeaderLength) / DhanDepthLayout.RowLength) && length != DhanDepthLayout.Side20Length
            ? SubscriptionMode.Depth200
            : SubscriptionMode.Depth20;
    }

    /// <summary>Every symbol named in the capture (<c>"s"</c> fields and combined-stream names), with 8 price and quantity decimals.</summary>
    private static Subscription[] BinanceSubscriptions(List<CaptureMessage> messages)
    {
        var symbols = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (CaptureMessage message in messages)
        {
            string text = Encoding.UTF8.GetString(message.Payload);
            foreach (Match m in BinanceSymbol().Matches(text))
            {
                string symbol = m.Groups["symbol"].Value;
                if (seen.Add(symbol))
                {
                    symbols.Add(symbol.ToLowerInvariant());
                }
            }
        }

        return [.. symbols.Select((s, i) => new Subscription(InstrumentId.From(FeedKind.Binance, i + 1), s, string.Empty, SubscriptionMode.Full, 8, 8))];
    }

    private static void WriteLine(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, s_json))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [GeneratedRegex(@"^.*?: (?<reason>\w+) at offset (?<offset>-?\d+): (?<detail>.*); bytes \[(?<hex>[0-9A-Fa-f]*)\] \(error at excerpt byte (?<at>-?\d+)\)", RegexOptions.Singleline)]
    private static partial Regex DiagnosticsLine();

    [GeneratedRegex(@"""(?:s|stream)""\s*:\s*""(?<symbol>[A-Za-z0-9]+)(?:@[^""]*)?""")]
    private static partial Regex BinanceSymbol();

    private sealed record DecodeContext(string Name, DepthSlabPool Slabs, KotakExchangeTable KotakExchanges, KotakHsmConnectionState KotakHsm, Subscription[] BinanceSubscriptions);
}
