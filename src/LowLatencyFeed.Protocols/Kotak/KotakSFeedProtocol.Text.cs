using System.Text.Json;
using System.Text.Unicode;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>JSON control frames from the server: auth response (dividers), subscribe acknowledgements, others.</summary>
public sealed partial class KotakSFeedProtocol
{
    /// <summary>Parses a control frame; returns 0 (control frames publish no events). Cold path.</summary>
    private int DecodeText(ReadOnlySpan<byte> message)
    {
        int messageCode = -1;
        bool fallback = false;
        List<(string Name, int Id, long Divider)>? exchanges = null;
        if (!Utf8.IsValid(message))
        {
            ReportJson(message, 0, "control frame is not valid UTF-8");
            return 0;
        }

        // Checked first so that malformed JSON costs no exception (Utf8JsonReader reports it only by throwing): a feed
        // that sends garbage text must stay as cheap as one that sends garbage binary (the scanner: Binance/README.md §7.1).
        if (!StrictJsonScanner.IsValidDocument(message, out string? error, out int errorAt))
        {
            ReportJson(message, errorAt, "control frame is not valid JSON: " + error);
            return 0;
        }

        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                ReportJson(message, 0, "control frame is not a JSON object");
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message_code"u8))
                {
                    reader.Read();
                    messageCode = ReadInt(ref reader);
                }
                else if (reader.ValueTextEquals("format"u8))
                {
                    reader.Read();
                    fallback = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("native_fallback"u8);
                }
                else if (reader.ValueTextEquals("exchanges"u8))
                {
                    reader.Read();
                    exchanges = ReadExchanges(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            // Utf8JsonReader reports malformed JSON only by throwing; this is the cold control-frame path.
            ReportJson(message, (int)Math.Min(ex.BytePositionInLine ?? 0, message.Length), $"control frame is not valid JSON: {ex.Message}");
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            ReportJson(message, 0, $"control frame has an unexpected JSON shape: {ex.Message}");
            return 0;
        }

        switch (messageCode)
        {
            case KotakFeedEvents.AuthDocumented:
            case KotakFeedEvents.AuthProduction:
                OnAuthResponse(message, messageCode, fallback, exchanges);
                break;
            case KotakFeedEvents.SubscribeAck:
                Volatile.Write(ref _subscribeAcks, _subscribeAcks + 1);
                break;
            default:
                Volatile.Write(ref _otherControlMessages, _otherControlMessages + 1);
                break;
        }

        return 0;
    }

    private void OnAuthResponse(ReadOnlySpan<byte> message, int messageCode, bool fallback, List<(string Name, int Id, long Divider)>? exchanges)
    {
        if (fallback)
        {
            // The SDK treats a downgrade to native_fallback as a failed connection; binary packets would not be native_batch.
            Volatile.Write(ref _authenticated, 0);
            Diagnostics.Report(ParseErrorReason.InvalidValue, $"auth response {messageCode} downgraded the feed to native_fallback; this decoder speaks native_batch only", message, 0);
            return;
        }

        if (exchanges is not null)
        {
            bool changed = false;
            foreach ((string name, int id, long divider) in exchanges)
            {
                changed |= _exchanges.Update(name, (byte)id, divider);
            }

            // The same dividers again (every reconnect's auth response) leave the instrument table as it is: rebuilding
            // it for every subscribed token allocates in proportion to the subscription.
            if (changed || _instruments.ExchangeVersion != _exchanges.Version)
            {
                RebuildInstruments();
            }
        }

        Volatile.Write(ref _authenticated, 1);
        _logger.LogInformation("{Source}: SFeed authenticated (code {Code}); {Count} exchange divider(s) received", Diagnostics.Source, messageCode, exchanges?.Count ?? 0);
    }

    /// <summary><c>{"nse_cm": {"value": 1, "divider": 100}, ...}</c>; entries without a usable id are skipped.</summary>
    private static List<(string Name, int Id, long Divider)>? ReadExchanges(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var list = new List<(string, int, long)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString() ?? string.Empty;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            int id = -1;
            long divider = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isValue = reader.ValueTextEquals("value"u8);
                bool isDivider = reader.ValueTextEquals("divider"u8);
                reader.Read();
                if (isValue)
                {
                    id = ReadInt(ref reader);
                }
                else if (isDivider)
                {
                    divider = ReadInt(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (name.Length > 0 && id is >= 0 and <= byte.MaxValue)
            {
                list.Add((name, id, divider));
            }
        }

        return list;
    }

    /// <summary>An integer sent as a number or a numeric string; -1 otherwise.</summary>
    private static int ReadInt(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.ValueSpan, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed))
        {
            return parsed;
        }

        reader.Skip();
        return -1;
    }

    private void ReportJson(ReadOnlySpan<byte> message, int offset, string detail) =>
        Diagnostics.Report(ParseErrorReason.BadJson, detail, message, offset);
}
