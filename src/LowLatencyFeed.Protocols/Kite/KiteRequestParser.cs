using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Parses client requests <c>{"a":..,"v":..}</c> (the simulator's side of <see cref="KiteRequestWriter"/>). Strict in the
/// ways the real server is: tokens must be JSON integers (strings are rejected), modes must be ltp/quote/full.
/// Cold path; allocates.
/// </summary>
public static class KiteRequestParser
{
    /// <summary>Parses <paramref name="utf8Json"/>; on failure <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out KiteRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException ex)
        {
            error = $"request is not valid JSON: {ex.Message}";
            return false;
        }

        using (document)
        {
            error = Parse(document.RootElement, out request);
            return error is null;
        }
    }

    /// <summary>Parses <paramref name="utf8Json"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static KiteRequest Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (!TryParse(utf8Json, out KiteRequest? request, out string? error))
        {
            ThrowHelper.ThrowFormat(error);
        }

        return request;
    }

    private static string? Parse(JsonElement root, out KiteRequest? request)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"request must be a JSON object, got {root.ValueKind}";
        }

        if (!root.TryGetProperty("a"u8, out JsonElement actionElement) || actionElement.ValueKind != JsonValueKind.String)
        {
            return "request has no string \"a\" (action)";
        }

        if (!root.TryGetProperty("v"u8, out JsonElement value))
        {
            return "request has no \"v\" (value)";
        }

        string action = actionElement.GetString()!;
        switch (action)
        {
            case "subscribe":
            case "unsubscribe":
            {
                string? tokenError = ReadTokens(value, out long[] tokens);
                if (tokenError is not null)
                {
                    return tokenError;
                }

                request = new KiteRequest(action == "subscribe" ? KiteRequestAction.Subscribe : KiteRequestAction.Unsubscribe, null, tokens);
                return null;
            }

            case "mode":
            {
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
                {
                    return "mode request \"v\" must be [mode, [tokens]]";
                }

                JsonElement modeElement = value[0];
                if (modeElement.ValueKind != JsonValueKind.String || !KiteModes.TryParse(modeElement.GetString(), out KiteMode mode))
                {
                    return $"unknown mode {modeElement.GetRawText()}; expected \"ltp\", \"quote\" or \"full\"";
                }

                string? tokenError = ReadTokens(value[1], out long[] tokens);
                if (tokenError is not null)
                {
                    return tokenError;
                }

                request = new KiteRequest(KiteRequestAction.Mode, mode, tokens);
                return null;
            }

            default:
                return $"unknown action \"{action}\"; expected subscribe, unsubscribe or mode";
        }
    }

    private static string? ReadTokens(JsonElement array, out long[] tokens)
    {
        tokens = [];
        if (array.ValueKind != JsonValueKind.Array)
        {
            return $"tokens must be a JSON array, got {array.ValueKind}";
        }

        var result = new long[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                return $"token {item.GetRawText()} at index {i} is a string; Kite tokens must be JSON numbers";
            }

            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long token) || token < 0 || token > uint.MaxValue)
            {
                return $"token {item.GetRawText()} at index {i} is not an unsigned 32-bit integer";
            }

            result[i++] = token;
        }

        tokens = result;
        return null;
    }
}
