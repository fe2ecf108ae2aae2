using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Parses a REST depth snapshot <c>{"lastUpdateId":…,"bids":[[p,q],…],"asks":[…]}</c> into a preallocated
/// <see cref="BinanceDepthSnapshot"/> with <see cref="Utf8JsonReader"/>. Unknown keys are ignored; a Binance error body
/// <c>{"code":…,"msg":…}</c> is reported as such.
/// </summary>
public static class BinanceDepthSnapshotParser
{
    /// <summary>Parses <paramref name="json"/> into <paramref name="destination"/> (cleared first).</summary>
    /// <param name="json">The whole response body.</param>
    /// <param name="destination">Receives the levels, at its own decimals.</param>
    /// <param name="reason">Why parsing failed.</param>
    /// <param name="detail">A readable description of the failure, null on success.</param>
    /// <returns>True when the snapshot is complete and valid.</returns>
    public static bool TryParse(in ReadOnlySequence<byte> json, BinanceDepthSnapshot destination, out ParseErrorReason reason, out string? detail)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Clear();
        reason = default;
        detail = null;
        Span<byte> scratch = stackalloc byte[BinanceJson.ValueScratchBytes];
        bool hasId = false;
        bool hasBids = false;
        bool hasAsks = false;
        long errorCode = 0;
        bool isError = false;
        try
        {
            var reader = new Utf8JsonReader(json, BinanceJson.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reason = ParseErrorReason.BadJson;
                detail = "the snapshot is not a JSON object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isLastUpdateId = reader.ValueTextEquals("lastUpdateId"u8);
                bool isBids = !isLastUpdateId && reader.ValueTextEquals("bids"u8);
                bool isAsks = !isLastUpdateId && !isBids && reader.ValueTextEquals("asks"u8);
                bool isCode = !isLastUpdateId && !isBids && !isAsks && reader.ValueTextEquals("code"u8);
                reader.Read();
                if (isLastUpdateId)
                {
                    if (!BinanceJson.TryReadInt64(reader, scratch, out long id) || id < 0)
                    {
                        reason = ParseErrorReason.BadNumber;
                        detail = "lastUpdateId is not a non-negative integer";
                        return false;
                    }

                    destination.LastUpdateId = id;
                    hasId = true;
                }
                else if ((isBids || isAsks) && reader.TokenType == JsonTokenType.StartArray)
                {
                    Span<Core.Events.DepthLevel> buffer = isBids ? destination.BidBuffer : destination.AskBuffer;
                    if (!BinanceJson.TryReadLevels(ref reader, buffer, destination.PriceDecimals, destination.QuantityDecimals, scratch, out int count, out reason, out detail, out _))
                    {
                        return false;
                    }

                    if (isBids)
                    {
                        destination.BidCount = count;
                        hasBids = true;
                    }
                    else
                    {
                        destination.AskCount = count;
                        hasAsks = true;
                    }
                }
                else
                {
                    if (isCode)
                    {
                        isError = BinanceJson.TryReadInt64(reader, scratch, out errorCode);
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            reason = ParseErrorReason.BadJson;
            detail = ex.Message;
            return false;
        }

        if (isError && !hasId)
        {
            reason = ParseErrorReason.UnknownMessageCode;
            detail = $"the server answered with error code {errorCode} instead of a snapshot";
            return false;
        }

        if (!hasId || !hasBids || !hasAsks)
        {
            reason = ParseErrorReason.BadJson;
            detail = "the snapshot lacks lastUpdateId, bids or asks";
            return false;
        }

        return true;
    }

    /// <summary>As <see cref="TryParse(in ReadOnlySequence{byte}, BinanceDepthSnapshot, out ParseErrorReason, out string?)"/> over one buffer.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> json, BinanceDepthSnapshot destination, out ParseErrorReason reason, out string? detail)
        => TryParse(new ReadOnlySequence<byte>(json), destination, out reason, out detail);
}
