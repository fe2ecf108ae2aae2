using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LowLatencyFeed.Client.Models;
using LowLatencyFeed.Client.Streaming;

namespace LowLatencyFeed.Client;

/// <summary>
/// Typed calls for the LowLatencyFeed HTTP API and its stream (README "The HTTP API"). Refusals throw
/// <see cref="FeedApiException"/> with the problem details the API sent.
/// </summary>
public sealed class FeedApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string? _apiKey;

    /// <summary>A client of the API at <paramref name="baseAddress"/> (<c>http://127.0.0.1:9464</c>), sending <paramref name="apiKey"/> when given.</summary>
    public FeedApiClient(Uri baseAddress, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/') + "/");
        _http.Timeout = TimeSpan.FromSeconds(60);
        _ownsHttp = true;
        _apiKey = apiKey;
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary>The API's base address.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Instruments of the configured feeds; <paramref name="query"/> searches symbol and id.</summary>
    public Task<List<Instrument>> GetInstrumentsAsync(string? query = null, string? feed = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync(Url("api/instruments", ("q", query), ("feed", feed), ("limit", Number(limit))), ClientJsonContext.Default.ListInstrument, cancellationToken);

    /// <summary>One instrument by <c>Feed:Token</c>, numeric id or symbol.</summary>
    public Task<Instrument> GetInstrumentAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync("api/instruments/" + Uri.EscapeDataString(id), ClientJsonContext.Default.Instrument, cancellationToken);

    /// <summary>Bars of <paramref name="instrument"/>: stored ones plus the live last closed and open bar.</summary>
    public Task<List<Bar>> GetBarsAsync(string instrument, string timeframe = "1m", DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync(Url("api/bars", ("instrument", instrument), ("timeframe", timeframe), ("from", Time(from)), ("to", Time(to)), ("limit", Number(limit))), ClientJsonContext.Default.ListBar, cancellationToken);

    /// <summary>Stored ticker snapshots.</summary>
    public Task<List<Tick>> GetTicksAsync(string instrument, DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync(Url("api/ticks", ("instrument", instrument), ("from", Time(from)), ("to", Time(to)), ("limit", Number(limit))), ClientJsonContext.Default.ListTick, cancellationToken);

    /// <summary>Stored trades.</summary>
    public Task<List<Trade>> GetTradesAsync(string instrument, DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync(Url("api/trades", ("instrument", instrument), ("from", Time(from)), ("to", Time(to)), ("limit", Number(limit))), ClientJsonContext.Default.ListTrade, cancellationToken);

    /// <summary>The live book with <paramref name="levels"/> levels per side.</summary>
    public Task<Book> GetBookAsync(string instrument, int levels = 20, CancellationToken cancellationToken = default) =>
        GetAsync(Url("api/books/" + Uri.EscapeDataString(instrument), ("levels", Number(levels))), ClientJsonContext.Default.Book, cancellationToken);

    /// <summary>Every feed connection.</summary>
    public Task<List<Feed>> GetFeedsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/feeds", ClientJsonContext.Default.ListFeed, cancellationToken);

    /// <summary>Starts a stopped feed (needs an operate key).</summary>
    public Task<Feed> StartFeedAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/feeds/{Uri.EscapeDataString(name)}/start", ClientJsonContext.Default.Feed, cancellationToken);

    /// <summary>Stops a running feed (needs an operate key).</summary>
    public Task<Feed> StopFeedAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/feeds/{Uri.EscapeDataString(name)}/stop", ClientJsonContext.Default.Feed, cancellationToken);

    /// <summary>The engine, its stages with their lag, the database and the journal.</summary>
    public Task<HostStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/status", ClientJsonContext.Default.HostStatus, cancellationToken);

    /// <summary>Opens <c>/api/stream</c>; subscribe or replay on the connection returned.</summary>
    public Task<FeedStream> ConnectStreamAsync(CancellationToken cancellationToken = default) => FeedStream.ConnectAsync(BaseAddress, _apiKey, cancellationToken);

    /// <summary>Opens a stream connection whose data messages come as <paramref name="format"/> (<c>json</c> or <c>binary</c>).</summary>
    public Task<FeedStream> ConnectStreamAsync(string format, CancellationToken cancellationToken = default) => FeedStream.ConnectAsync(BaseAddress, _apiKey, format, cancellationToken);

    /// <summary>Live messages of <paramref name="channels"/> for <paramref name="instruments"/> (null: all) until cancelled.</summary>
    public async IAsyncEnumerable<StreamMessage> LiveAsync(IEnumerable<string> channels, IEnumerable<string>? instruments = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using FeedStream stream = await ConnectStreamAsync(cancellationToken).ConfigureAwait(false);
        await stream.SubscribeAsync(channels, instruments, cancellationToken).ConfigureAwait(false);
        await foreach (StreamMessage message in stream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return message;
        }
    }

    /// <summary>A replay's messages, ending with its <see cref="EndMessage"/> (or an <see cref="ErrorMessage"/> refusing it).</summary>
    public async IAsyncEnumerable<StreamMessage> ReplayAsync(ReplayRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using FeedStream stream = await ConnectStreamAsync(cancellationToken).ConfigureAwait(false);
        await stream.StartReplayAsync(request, cancellationToken).ConfigureAwait(false);
        await foreach (StreamMessage message in stream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return message;
            if (message is EndMessage or ErrorMessage)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Url(string path, params (string Name, string? Value)[] query)
    {
        var text = new StringBuilder(path);
        char separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is not null)
            {
                text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return text.ToString();
    }

    private Task<T> GetAsync<T>(string url, JsonTypeInfo<T> type, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, url, type, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string url, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, cancellationToken).ConfigureAwait(false);
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false)
            ?? throw new FeedApiException($"{url} returned an empty body");
    }

    private static async Task<FeedApiException> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ProblemDetails? problem = null;
        try
        {
            problem = body.Length == 0 ? null : JsonSerializer.Deserialize(body, ClientJsonContext.Default.ProblemDetails);
        }
        catch (JsonException)
        {
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta;
        return new FeedApiException(response.StatusCode, problem?.Title ?? response.ReasonPhrase, problem?.Detail ?? body, problem?.Parameter, retryAfter);
    }
}
