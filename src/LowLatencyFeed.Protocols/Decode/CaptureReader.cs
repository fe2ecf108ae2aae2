using System.Text;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Decoding;

/// <summary>
/// Splits a capture into WebSocket messages. Hex captures hold one message per line: hex digits with any whitespace,
/// optional <c>offset:</c> tokens (hex-dump addresses) ignored, <c>#</c> comments and blank lines skipped, and lines that
/// start with <c>{</c> or <c>[</c> taken as literal JSON text messages. Raw captures are one binary message (every
/// binary protocol here frames its packets by length), except for text protocols, whose raw captures hold one JSON
/// message per line. Cold path.
/// </summary>
internal static class CaptureReader
{
    /// <summary>Reads every message in order; a line that is not hex becomes an entry with <see cref="CaptureMessage.HexError"/> set.</summary>
    public static List<CaptureMessage> Read(Stream input, bool hex, bool textProtocol)
    {
        var messages = new List<CaptureMessage>();
        if (!hex && !textProtocol)
        {
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            messages.Add(new CaptureMessage(1, buffer.ToArray(), MessageKind.Binary));
            return messages;
        }

        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (trimmed[0] is '{' or '[' || !hex)
            {
                messages.Add(new CaptureMessage(number, Encoding.UTF8.GetBytes(trimmed), MessageKind.Text));
                continue;
            }

            if (TryParseHex(trimmed, out byte[] bytes, out string? problem))
            {
                messages.Add(new CaptureMessage(number, bytes, LooksLikeJson(bytes) ? MessageKind.Text : MessageKind.Binary));
            }
            else
            {
                messages.Add(new CaptureMessage(number, [], MessageKind.Binary, problem));
            }
        }

        return messages;
    }

    private static bool TryParseHex(string line, out byte[] bytes, out string? problem)
    {
        var digits = new StringBuilder(line.Length);
        foreach (string token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.EndsWith(':'))
            {
                continue;
            }

            digits.Append(token);
        }

        string text = digits.ToString();
        if (text.Length % 2 != 0)
        {
            bytes = [];
            problem = $"odd number of hex digits ({text.Length})";
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            problem = null;
            return true;
        }
        catch (FormatException)
        {
            int bad = 0;
            while (bad < text.Length && Uri.IsHexDigit(text[bad]))
            {
                bad++;
            }

            bytes = [];
            problem = $"'{text[bad]}' at digit {bad} is not a hex digit";
            return false;
        }
    }

    /// <summary>A hex line that decodes to a JSON document is a text message (e.g. Kotak's auth response between binary frames).</summary>
    private static bool LooksLikeJson(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> trimmed = bytes.Trim(" \t\r\n"u8);
        return trimmed.Length >= 2
            && ((trimmed[0] == (byte)'{' && trimmed[^1] == (byte)'}') || (trimmed[0] == (byte)'[' && trimmed[^1] == (byte)']'))
            && System.Text.Unicode.Utf8.IsValid(trimmed);
    }
}
