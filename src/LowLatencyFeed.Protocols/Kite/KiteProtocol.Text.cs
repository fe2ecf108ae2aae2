using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Text messages: <c>{"type": "order"|"error"|"message", "data": ...}</c>. None carries market data, so they only
/// count and log; this is a cold path and may allocate (error and message strings).
/// </summary>
public sealed partial class KiteProtocol
{
    private enum TextType
    {
        Missing,
        Order,
        Error,
        Message,
        Unknown,
    }

    private int DecodeText(ReadOnlySpan<byte> message)
    {
        var json = new Utf8JsonReader(message);
        if (!TryClassify(ref json, out TextType type, out string? text, out string? detail, out long offset))
        {
            Diagnostics.Report(ParseErrorReason.BadJson, detail, message, (int)offset);
        }
        else if (type == TextType.Unknown)
        {
            Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"unknown text message type \"{text}\"; ignored", message, 0);
        }
        else
        {
            Record(type, text);
        }

        Diagnostics.CountMessage(0);
        return 0;
    }

    private int DecodeText(in ReadOnlySequence<byte> message)
    {
        if (message.IsSingleSegment)
        {
            return DecodeText(message.FirstSpan);
        }

        var json = new Utf8JsonReader(message);
        if (!TryClassify(ref json, out TextType type, out string? text, out string? detail, out long offset))
        {
            Diagnostics.Report(ParseErrorReason.BadJson, detail, message, offset);
        }
        else if (type == TextType.Unknown)
        {
            Diagnostics.Report(ParseErrorReason.UnknownMessageCode, $"unknown text message type \"{text}\"; ignored", message, 0);
        }
        else
        {
            Record(type, text);
        }

        Diagnostics.CountMessage(0);
        return 0;
    }

    /// <summary>
    /// Reads the whole document (so invalid JSON anywhere is caught) and picks out <c>type</c> and a string <c>data</c>.
    /// On success <paramref name="text"/> is the data string (error/message) or the unknown type name.
    /// </summary>
    private static bool TryClassify(ref Utf8JsonReader json, out TextType type, out string? text, out string detail, out long offset)
    {
        type = TextType.Missing;
        text = null;
        detail = string.Empty;
        offset = 0;
        string? data = null;
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                detail = $"text message is not a JSON object (starts with {json.TokenType})";
                offset = json.TokenStartIndex;
                return false;
            }

            while (json.Read() && json.TokenType != JsonTokenType.EndObject)
            {
                bool isType = json.ValueTextEquals("type"u8);
                bool isData = !isType && json.ValueTextEquals("data"u8);
                json.Read();
                if (isType)
                {
                    type = ClassifyType(ref json, out text);
                }
                else if (isData && json.TokenType == JsonTokenType.String)
                {
                    data = json.GetString();
                }
                else
                {
                    json.Skip();
                }
            }

            // Anything after the root object (other than whitespace) makes this read throw.
            json.Read();
        }
        catch (JsonException ex)
        {
            detail = $"invalid JSON: {ex.Message}";
            offset = ex.LineNumber == 0 && ex.BytePositionInLine is long position ? position : json.BytesConsumed;
            return false;
        }

        if (type == TextType.Missing)
        {
            detail = "JSON text message has no string \"type\" field";
            return false;
        }

        if (type != TextType.Unknown)
        {
            text = data;
        }

        return true;
    }

    private static TextType ClassifyType(ref Utf8JsonReader json, out string? unknownName)
    {
        unknownName = null;
        if (json.TokenType != JsonTokenType.String)
        {
            json.Skip();
            return TextType.Missing;
        }

        if (json.ValueTextEquals("order"u8))
        {
            return TextType.Order;
        }

        if (json.ValueTextEquals("error"u8))
        {
            return TextType.Error;
        }

        if (json.ValueTextEquals("message"u8))
        {
            return TextType.Message;
        }

        unknownName = json.GetString();
        return TextType.Unknown;
    }

    private void Record(TextType type, string? text)
    {
        switch (type)
        {
            case TextType.Order:
                Increment(ref _orderUpdates);
                break;
            case TextType.Error:
                Increment(ref _errorMessages);
                LastErrorText = text;
                if (Interlocked.Exchange(ref _errorLogged, 1) == 0)
                {
                    _logger.LogWarning("{Source}: Kite sent error \"{Text}\"; further errors are counted, not logged", Diagnostics.Source, text);
                }

                break;
            default:
                Increment(ref _brokerMessages);
                LastBrokerMessage = text;
                if (Interlocked.Exchange(ref _brokerMessageLogged, 1) == 0)
                {
                    _logger.LogInformation("{Source}: Kite broker message \"{Text}\"; further messages are counted, not logged", Diagnostics.Source, text);
                }

                break;
        }
    }
}
