using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Decoding;

/// <summary>
/// An <see cref="IEventSink"/> that prints each event as it is published (while its slab, if any, is still
/// referenced), one JSON line each. Cold path: a diagnostic tool, not the engine.
/// </summary>
internal sealed class JsonEventSink : IEventSink
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private readonly DepthSlabPool? _slabs;
    private readonly Func<Core.Instruments.InstrumentId, string?> _brokerKey;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private MarketEvent _slot;

    /// <param name="output">Where the JSON lines go.</param>
    /// <param name="slabs">Depth slabs of the decoded events.</param>
    /// <param name="brokerKey">The broker's own key of an instrument (symbol, token, topic), printed next to the internal id.</param>
    public JsonEventSink(TextWriter output, DepthSlabPool? slabs, Func<Core.Instruments.InstrumentId, string?> brokerKey)
    {
        _output = output;
        _slabs = slabs;
        _brokerKey = brokerKey;
    }

    /// <summary>The capture message being decoded, printed with each event.</summary>
    public int MessageNumber { get; set; }

    /// <summary>Events printed for the current message.</summary>
    public int EventsInMessage { get; set; }

    public ref MarketEvent Claim()
    {
        _slot = default;
        return ref _slot;
    }

    public void Publish()
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "event"u8);
            json.WriteNumber("message"u8, MessageNumber);
            json.WriteNumber("index"u8, EventsInMessage);
            EventJsonWriter.Write(json, in _slot, _slabs, _brokerKey(_slot.Header.Instrument));
            json.WriteEndObject();
        }

        _output.WriteLine(System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan));
        EventsInMessage++;
    }
}
