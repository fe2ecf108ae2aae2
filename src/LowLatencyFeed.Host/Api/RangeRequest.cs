using System.Globalization;
using LowLatencyFeed.Host.Api.Models;
using LowLatencyFeed.Host.Configuration;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// The common query of the history endpoints: <c>instrument</c>, <c>from</c>/<c>to</c> (ISO 8601 or Unix
/// milliseconds, <c>to</c> exclusive), <c>limit</c> and <c>format</c> (<c>json</c> or <c>csv</c>). Without
/// <c>from</c> the newest <c>limit</c> rows before <c>to</c> are returned; with it, the oldest from <c>from</c>.
/// </summary>
public sealed record RangeRequest(InstrumentInfo Instrument, DateTimeOffset From, DateTimeOffset To, bool Newest, int Limit, bool Csv)
{
    /// <summary>Parses and checks <paramref name="query"/>; returns the error naming the parameter at fault, or null.</summary>
    /// <param name="query">The request's query string.</param>
    /// <param name="catalog">Resolves <c>instrument</c>.</param>
    /// <param name="options">Limits.</param>
    /// <param name="maxRange">Widest <c>from</c>..<c>to</c> for this endpoint.</param>
    /// <param name="now">Default <c>to</c>.</param>
    /// <param name="request">The parsed request when valid.</param>
    public static ApiError? TryParse(IQueryCollection query, InstrumentCatalog catalog, ApiOptions options, TimeSpan maxRange, DateTimeOffset now, out RangeRequest? request)
    {
        request = null;
        string? instrumentText = query["instrument"];
        if (string.IsNullOrWhiteSpace(instrumentText))
        {
            return new ApiError(400, "Missing parameter", "'instrument' is required (Feed:Token such as Kite:408065, the numeric instrument id, or a symbol).", "instrument");
        }

        InstrumentInfo? instrument = catalog.Find(instrumentText);
        if (instrument is null)
        {
            return new ApiError(404, "Unknown instrument", $"No configured feed subscribes to instrument '{instrumentText}'. See /api/instruments.", "instrument");
        }

        if (ParseFormat(query, out bool csv) is { } formatError)
        {
            return formatError;
        }

        DateTimeOffset to = now;
        if (query.ContainsKey("to") && !TryParseTime(query["to"], out to))
        {
            return new ApiError(400, "Malformed parameter", $"'to' must be an ISO 8601 time (2026-01-05T09:15:00Z) or Unix milliseconds, got '{query["to"]}'.", "to");
        }

        bool newest = !query.ContainsKey("from");
        DateTimeOffset from = to - maxRange;
        if (!newest && !TryParseTime(query["from"], out from))
        {
            return new ApiError(400, "Malformed parameter", $"'from' must be an ISO 8601 time (2026-01-05T09:15:00Z) or Unix milliseconds, got '{query["from"]}'.", "from");
        }

        if (from >= to)
        {
            return new ApiError(400, "Empty range", $"'from' ({from:O}) must be before 'to' ({to:O}).", "from");
        }

        if (to - from > maxRange)
        {
            return new ApiError(400, "Range too wide", $"'from'..'to' spans {(to - from).TotalHours:0.##} h; the maximum for this endpoint is {maxRange.TotalHours:0.##} h.", "from");
        }

        int limit = options.DefaultLimit;
        if (query.ContainsKey("limit")
            && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > options.MaxLimit))
        {
            return new ApiError(400, "Malformed parameter", $"'limit' must be an integer from 1 to {options.MaxLimit}, got '{query["limit"]}'.", "limit");
        }

        request = new RangeRequest(instrument, from, to, newest, limit, csv);
        return null;
    }

    /// <summary>Parses <c>format</c>: absent or <c>json</c>, or <c>csv</c>.</summary>
    public static ApiError? ParseFormat(IQueryCollection query, out bool csv)
    {
        string? format = query["format"];
        csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.IsNullOrEmpty(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return new ApiError(400, "Malformed parameter", $"'format' must be 'json' or 'csv', got '{format}'.", "format");
        }

        return null;
    }

    /// <summary>ISO 8601 (UTC when no offset is given) or Unix milliseconds.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long milliseconds))
        {
            if (milliseconds < -62_135_596_800_000L || milliseconds > 253_402_300_799_999L)
            {
                return false;
            }

            time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
