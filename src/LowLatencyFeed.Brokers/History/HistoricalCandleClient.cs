using System.Net;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;

namespace LowLatencyFeed.Brokers.History;

/// <summary>
/// A broker's historical candle API: builds one request per chunk (never wider than the broker's per-request span),
/// sends it through the broker's <see cref="TokenBucket"/>, answers HTTP 429 by waiting (the broker's Retry-After, else
/// an exponential backoff) and trying again, and parses the reply straight from its UTF-8 bytes into fixed-point
/// candles. A candle with high &lt; low or a negative volume is rejected and counted; one outside the asked range is
/// dropped. Cold path; one client per broker, calls from one job at a time.
/// </summary>
public abstract class HistoricalCandleClient
{
    private readonly HttpClient _http;
    private long _requests;
    private long _rateLimited;
    private long _highBelowLow;
    private long _negativeVolume;
    private long _malformed;

    /// <summary>Creates the client.</summary>
    /// <param name="http">Sends the requests.</param>
    /// <param name="baseUri">The broker's REST root (production, or the simulator's <c>/rest/&lt;broker&gt;/</c>).</param>
    /// <param name="bucket">The broker's request budget (shared by every job on that broker).</param>
    /// <param name="time">Backoff waits.</param>
    protected HistoricalCandleClient(HttpClient http, Uri baseUri, TokenBucket bucket, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(bucket);
        _http = http;
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        Bucket = bucket;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>Whose history.</summary>
    public abstract BrokerKind Broker { get; }

    /// <summary>The REST root, ending in a slash.</summary>
    public Uri BaseUri { get; }

    /// <summary>The request budget.</summary>
    public TokenBucket Bucket { get; }

    /// <summary>Tries after a 429 before giving up. Default 10.</summary>
    public int MaxRateLimitRetries { get; init; } = 10;

    /// <summary>First backoff after a 429 without Retry-After; doubles per retry up to <see cref="MaxBackoff"/>. Default 250 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest backoff. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests sent (retries included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>HTTP 429 answers (each was waited out and retried).</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Candles rejected because high &lt; low.</summary>
    public long RejectedHighBelowLow => Interlocked.Read(ref _highBelowLow);

    /// <summary>Candles rejected because volume &lt; 0.</summary>
    public long RejectedNegativeVolume => Interlocked.Read(ref _negativeVolume);

    /// <summary>Candles rejected because a field did not parse or a price does not fit the instrument's scale.</summary>
    public long RejectedMalformed => Interlocked.Read(ref _malformed);

    /// <summary>All rejected candles.</summary>
    public long Rejected => RejectedHighBelowLow + RejectedNegativeVolume + RejectedMalformed;

    /// <summary>The delays.</summary>
    protected TimeProvider Time { get; }

    /// <summary>The broker's interval name for <paramref name="timeframeSeconds"/>, or null when it serves none that lines up with our bars.</summary>
    public abstract string? IntervalName(int timeframeSeconds);

    /// <summary>The widest range one request may ask for at <paramref name="timeframeSeconds"/>.</summary>
    public abstract TimeSpan MaxSpan(int timeframeSeconds);

    /// <summary>The oldest candle the broker documents for <paramref name="timeframeSeconds"/> at <paramref name="now"/>; null when unbounded.</summary>
    public abstract DateTimeOffset? EarliestAvailable(int timeframeSeconds, DateTimeOffset now);

    /// <summary>
    /// Checks that <paramref name="timeframeSeconds"/> and <paramref name="from"/> are served; throws a usage
    /// <see cref="HistoricalDataException"/> saying why not.
    /// </summary>
    public void Validate(int timeframeSeconds, DateTimeOffset from, DateTimeOffset now)
    {
        if (IntervalName(timeframeSeconds) is null)
        {
            throw new HistoricalDataException($"{Broker} has no {timeframeSeconds} s candles that line up with the bars (served: {SupportedText})") { IsUsageError = true };
        }

        if (EarliestAvailable(timeframeSeconds, now) is { } available && from < available)
        {
            DateTime earliest = available.UtcDateTime;
            throw new HistoricalDataException(
                $"{Broker} keeps {timeframeSeconds} s candles back to {earliest:yyyy-MM-dd HH:mm} UTC ({HistoryDepthText}); the range starts at {from.UtcDateTime:yyyy-MM-dd HH:mm} UTC, before it. Start the backfill at or after {earliest:yyyy-MM-dd HH:mm} UTC.")
            {
                IsUsageError = true,
            };
        }
    }

    /// <summary>
    /// Fetches the candles that start in <paramref name="from"/> .. <paramref name="to"/> (exclusive, at most
    /// <see cref="MaxSpan"/> wide) into <paramref name="into"/>, oldest first, valid ones only.
    /// </summary>
    public async Task FetchAsync(HistoryInstrument instrument, int timeframeSeconds, DateTimeOffset from, DateTimeOffset to, CandleBuffer into, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        byte[] body = await SendAsync(() => CreateRequest(instrument, timeframeSeconds, from, to), cancellationToken).ConfigureAwait(false);
        int malformed;
        try
        {
            malformed = Parse(body, instrument, into);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new HistoricalDataException($"{Broker} history for {Describe(instrument)}: the reply is not the documented JSON ({exception.Message})", exception);
        }

        Interlocked.Add(ref _malformed, malformed);
        long fromNs = (from - DateTimeOffset.UnixEpoch).Ticks * 100;
        long toNs = (to - DateTimeOffset.UnixEpoch).Ticks * 100;
        int kept = 0;
        Span<HistoricalCandle> candles = into.Span;
        for (int i = 0; i < candles.Length; i++)
        {
            ref HistoricalCandle candle = ref candles[i];
            if (candle.StartTimeNs < fromNs || candle.StartTimeNs >= toNs)
            {
                continue;
            }

            if (candle.High < candle.Low)
            {
                Interlocked.Increment(ref _highBelowLow);
                continue;
            }

            if (candle.Volume < 0)
            {
                Interlocked.Increment(ref _negativeVolume);
                continue;
            }

            candles[kept++] = candle;
        }

        while (into.Count > kept)
        {
            into.RemoveAt(into.Count - 1);
        }
    }

    /// <summary>Builds the request for one chunk.</summary>
    protected abstract HttpRequestMessage CreateRequest(HistoryInstrument instrument, int timeframeSeconds, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Parses a successful reply into <paramref name="into"/>; returns the candles skipped as malformed.</summary>
    protected abstract int Parse(ReadOnlySpan<byte> body, HistoryInstrument instrument, CandleBuffer into);

    /// <summary>The served intervals, for messages.</summary>
    protected abstract string SupportedText { get; }

    /// <summary>Where the history depth comes from, for messages.</summary>
    protected virtual string HistoryDepthText => "the broker's documented depth";

    /// <summary>The instrument as the broker names it, for messages.</summary>
    protected virtual string Describe(HistoryInstrument instrument) => instrument.Token.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<byte[]> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        TimeSpan backoff = InitialBackoff;
        for (int attempt = 0; ; attempt++)
        {
            await Bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
            using HttpRequestMessage request = create();
            Interlocked.Increment(ref _requests);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw new HistoricalDataException($"{Broker} history: cannot reach {request.RequestUri?.GetLeftPart(UriPartial.Path)}: {exception.Message}", exception);
            }

            using (response)
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new HistoricalDataException(
                        $"{Broker} history refused {request.RequestUri?.GetLeftPart(UriPartial.Path)}: {BrokerErrors.Describe(Broker, (int)response.StatusCode, System.Text.Encoding.UTF8.GetString(body))}");
                }

                // Rate limited: wait as told (or back off) and try again; only this backfill slows down.
                Interlocked.Increment(ref _rateLimited);
                if (attempt >= MaxRateLimitRetries)
                {
                    throw new HistoricalDataException($"{Broker} history: still rate limited (HTTP 429) after {attempt + 1} tries; lower the backfill rate for {Broker}.");
                }

                TimeSpan wait = response.Headers.RetryAfter?.Delta ?? backoff;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                await Task.Delay(wait < MaxBackoff ? wait : MaxBackoff, Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
