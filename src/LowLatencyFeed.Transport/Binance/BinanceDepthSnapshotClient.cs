using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using LowLatencyFeed.Core.Time;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Transport.Binance;

/// <summary>
/// <c>GET {base}/api/v3/depth?symbol=X&amp;limit=N</c> into a preallocated <see cref="BinanceDepthSnapshot"/>. The body
/// is read into a pooled buffer and parsed with <see cref="BinanceDepthSnapshotParser"/> (Utf8JsonReader, no strings).
/// A cold path: the request itself allocates modestly. Thread-safe; several symbols may be fetched at once.
/// </summary>
public sealed class BinanceDepthSnapshotClient : IDisposable
{
    /// <summary>Binance spot REST base address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.binance.com/");

    private const int InitialBufferBytes = 64 * 1024;
    private const int MaxBodyBytes = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly MonotonicClock _clock;

    /// <summary>Creates a client for <paramref name="baseAddress"/> (tests: the simulator's <c>http://127.0.0.1:port/</c>).</summary>
    /// <param name="baseAddress">REST root; the path <c>api/v3/depth</c> is appended.</param>
    /// <param name="httpClient">Shared client to use (not disposed); a private one with a 10 s timeout when null.</param>
    /// <param name="clock">Stamps <see cref="BinanceDepthSnapshot.ReceiveTimeNs"/>; <see cref="MonotonicClock.Shared"/> when null.</param>
    public BinanceDepthSnapshotClient(Uri baseAddress, HttpClient? httpClient = null, MonotonicClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        string root = baseAddress.AbsoluteUri;
        BaseAddress = root.EndsWith('/') ? baseAddress : new Uri(root + "/");
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _clock = clock ?? MonotonicClock.Shared;
    }

    /// <summary>The REST root requests go to.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The request address for <paramref name="symbol"/> (uppercase, as REST wants) and <paramref name="limit"/>.</summary>
    public Uri BuildUri(string symbol, int limit)
        => new(BaseAddress, "api/v3/depth?symbol=" + Uri.EscapeDataString(symbol.ToUpperInvariant()) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture));

    /// <summary>Fetches a snapshot of <paramref name="symbol"/> with <paramref name="limit"/> levels per side into <paramref name="destination"/>.</summary>
    /// <exception cref="BinanceSnapshotException">HTTP error status, or a body that is not a valid snapshot.</exception>
    public async Task FetchAsync(string symbol, int limit, BinanceDepthSnapshot destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentNullException.ThrowIfNull(destination);
        if (limit <= 0 || limit > destination.Capacity)
        {
            ThrowHelper.ThrowSnapshotLimit(nameof(limit), limit, "limit", destination.Capacity, " (the snapshot's capacity)");
        }

        using HttpResponseMessage response = await _http.GetAsync(BuildUri(symbol, limit), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        long? declared = response.Content.Headers.ContentLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and <= MaxBodyBytes ? (int)declared.Value : InitialBufferBytes);
        try
        {
            int length = 0;
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        buffer = Grow(buffer, length);
                    }

                    int read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                string excerpt = Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 256));
                ThrowHelper.ThrowSnapshotStatus(symbol, response.StatusCode, excerpt, RetryAfter(response));
            }

            if (!BinanceDepthSnapshotParser.TryParse(buffer.AsMemory(0, length), destination, out ParseErrorReason reason, out string? detail))
            {
                ThrowHelper.ThrowSnapshotBody(symbol, response.StatusCode, reason, detail);
            }

            destination.ReceiveTimeNs = _clock.UnixNanoseconds();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    private static byte[] Grow(byte[] buffer, int length)
    {
        if (buffer.Length >= MaxBodyBytes)
        {
            ThrowHelper.ThrowSnapshotTooLarge(MaxBodyBytes);
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retry)
        {
            if (retry.Delta is TimeSpan delta)
            {
                return delta;
            }

            if (retry.Date is DateTimeOffset date)
            {
                return date - DateTimeOffset.UtcNow;
            }
        }

        return response.StatusCode is HttpStatusCode.TooManyRequests or (HttpStatusCode)418 ? TimeSpan.FromSeconds(1) : null;
    }
}
