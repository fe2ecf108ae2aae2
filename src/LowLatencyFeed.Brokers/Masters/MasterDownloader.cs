using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>
/// Downloads a broker's master into a directory, streaming each response body to a file (never holding it in
/// memory). Kotak first asks its index call for the day's per-segment file URLs (Kotak/README.md §12).
/// </summary>
public sealed class MasterDownloader
{
    private readonly HttpClient _http;
    private readonly InstrumentMasterSources _sources;
    private readonly Func<BrokerKind, string?> _token;

    /// <summary>
    /// Uses <paramref name="http"/>; <paramref name="token"/> gives the credential a broker's master call needs (Kite:
    /// the access token; Kotak: the application token), or null.
    /// </summary>
    public MasterDownloader(HttpClient http, InstrumentMasterSources sources, Func<BrokerKind, string?> token)
    {
        _http = http;
        _sources = sources;
        _token = token;
    }

    /// <summary>Downloads into <paramref name="directory"/>; returns the files written, in parse order.</summary>
    public async Task<List<string>> DownloadAsync(BrokerKind broker, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        switch (broker)
        {
            case BrokerKind.Kite:
            {
                string url = Combine(_sources.KiteRestUrl, "instruments");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add("X-Kite-Version", "3");
                if (_token(broker) is { Length: > 0 } access)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", $"token {_sources.KiteApiKey}:{access}");
                }

                return [await SaveAsync(broker, request, url, Path.Combine(directory, "instruments.csv"), cancellationToken).ConfigureAwait(false)];
            }

            case BrokerKind.Dhan:
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, _sources.DhanMasterUrl);
                return [await SaveAsync(broker, request, _sources.DhanMasterUrl, Path.Combine(directory, "api-scrip-master.csv"), cancellationToken).ConfigureAwait(false)];
            }

            case BrokerKind.Kotak:
                return await DownloadKotakAsync(directory, cancellationToken).ConfigureAwait(false);
            case BrokerKind.Binance:
            {
                string url = Combine(_sources.BinanceRestUrl, "api/v3/exchangeInfo?permissions=SPOT");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                return [await SaveAsync(broker, request, url, Path.Combine(directory, "exchangeInfo.json"), cancellationToken).ConfigureAwait(false)];
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(broker), broker, "unknown broker");
        }
    }

    private async Task<List<string>> DownloadKotakAsync(string directory, CancellationToken cancellationToken)
    {
        string indexUrl = Combine(_sources.KotakRestUrl, "script-details/1.0/masterscrip/file-paths");
        using var indexRequest = new HttpRequestMessage(HttpMethod.Get, indexUrl);
        if (_token(BrokerKind.Kotak) is { Length: > 0 } appToken)
        {
            indexRequest.Headers.TryAddWithoutValidation("Authorization", appToken);
        }

        using HttpResponseMessage index = await SendAsync(BrokerKind.Kotak, indexRequest, indexUrl, cancellationToken).ConfigureAwait(false);
        var paths = new List<string>();
        try
        {
            using JsonDocument document = await JsonDocument.ParseAsync(await index.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
            foreach (JsonElement path in document.RootElement.GetProperty("data").GetProperty("filesPaths").EnumerateArray())
            {
                paths.Add(path.GetString() ?? "");
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new MasterDownloadException(BrokerKind.Kotak, indexUrl, "the file-paths reply has no data.filesPaths array", exception);
        }

        var files = new List<string>();
        foreach (string path in paths)
        {
            string name = Path.GetFileName(new Uri(path).AbsolutePath);
            // Only the segments the feeds use; nse_com is an older-format duplicate of the cash file (Kotak/README.md §12).
            if (name.StartsWith("nse_com", StringComparison.Ordinal) || !name.EndsWith(".csv", StringComparison.Ordinal))
            {
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            files.Add(await SaveAsync(BrokerKind.Kotak, request, path, Path.Combine(directory, name), cancellationToken).ConfigureAwait(false));
        }

        if (files.Count == 0)
        {
            throw new MasterDownloadException(BrokerKind.Kotak, indexUrl, "the file-paths reply lists no segment files");
        }

        return files;
    }

    private async Task<string> SaveAsync(BrokerKind broker, HttpRequestMessage request, string url, string file, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(broker, request, url, cancellationToken).ConfigureAwait(false);
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await body.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new MasterDownloadException(broker, url, $"the body broke off ({exception.Message})", exception);
        }

        return file;
    }

    private async Task<HttpResponseMessage> SendAsync(BrokerKind broker, HttpRequestMessage request, string url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new MasterDownloadException(broker, url, exception.Message, exception);
        }

        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            response.Dispose();
            throw new MasterDownloadException(broker, url, BrokerErrors.Describe(broker, status, body));
        }

        return response;
    }

    private static string Combine(string root, string path) => root.TrimEnd('/') + "/" + path;
}
