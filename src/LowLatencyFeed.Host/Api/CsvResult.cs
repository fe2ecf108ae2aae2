using System.Globalization;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Rows as CSV with a header line. Columns and names come from the rows' source-generated JSON contract, so the CSV
/// and the JSON of an endpoint always agree; decimals are written exactly, times in ISO 8601 (UTC), nulls empty.
/// </summary>
public sealed class CsvResult<T> : IResult
{
    private readonly IReadOnlyList<T> _rows;
    private readonly string _fileName;

    /// <summary>Creates the result; <paramref name="fileName"/> is offered as the download name.</summary>
    public CsvResult(IReadOnlyList<T> rows, string fileName)
    {
        _rows = rows;
        _fileName = fileName;
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var info = (JsonTypeInfo<T>)ApiJsonContext.Default.GetTypeInfo(typeof(T))!;
        httpContext.Response.ContentType = "text/csv; charset=utf-8";
        httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{_fileName}\"";
        var text = new StringBuilder();
        for (int i = 0; i < info.Properties.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(info.Properties[i].Name);
        }

        text.Append('\n');
        foreach (T row in _rows)
        {
            for (int i = 0; i < info.Properties.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                AppendValue(text, info.Properties[i].Get!(row!));
            }

            text.Append('\n');
        }

        await httpContext.Response.WriteAsync(text.ToString(), httpContext.RequestAborted).ConfigureAwait(false);
    }

    private static void AppendValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case DateTimeOffset time:
                text.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                break;
            case double number:
                text.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool flag:
                text.Append(flag ? "true" : "false");
                break;
            case IFormattable formattable:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                string s = value.ToString() ?? "";
                if (s.AsSpan().IndexOfAny(",\"\n\r") >= 0)
                {
                    text.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    text.Append(s);
                }

                break;
        }
    }
}
