using LowLatencyFeed.Brokers.History;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Storage.Backfill;

namespace LowLatencyFeed.Host.Backfill;

/// <summary>
/// Runs one backfill: resumes where <c>llfeed.backfill_progress</c> says an earlier run stopped, walks the range in
/// chunks no wider than the broker allows, fetches each through the broker's client (token bucket, 429 backoff) and
/// commits its bars and the new resume point together (<see cref="BackfillWriter"/>). Off the hot path: a task of its
/// own, touching neither ring.
/// </summary>
public sealed class BackfillRunner
{
    private readonly HistoricalClients _clients;
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Creates a runner writing to <paramref name="connectionString"/>.</summary>
    public BackfillRunner(HistoricalClients clients, string connectionString, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(connectionString);
        _clients = clients;
        _connectionString = connectionString;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Called after each committed chunk with its end (tests interrupt a run here).</summary>
    public Action<DateTimeOffset>? ChunkCommitted { get; init; }

    /// <summary>
    /// Runs <paramref name="request"/>. Throws <see cref="HistoricalDataException"/> when the broker refuses or the
    /// range is outside its history (<see cref="HistoricalDataException.IsUsageError"/>).
    /// </summary>
    public async Task<BackfillResult> RunAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        HistoricalCandleClient client = _clients.For(request.Instrument.Broker)
            ?? throw new HistoricalDataException($"{request.Instrument.Broker} has no historical candle API (Kotak/README.md §13)") { IsUsageError = true };
        DateTimeOffset now = _time.GetUtcNow();
        client.Validate(request.TimeframeSeconds, request.From, now);
        DateTimeOffset to = request.To < now ? request.To : now;
        if (request.From >= to)
        {
            throw new HistoricalDataException($"the range {request.From:O} .. {to:O} is empty (the end is clipped to now)") { IsUsageError = true };
        }

        var job = new BackfillJob(Broker(client), request.InstrumentId, request.TimeframeSeconds, request.Instrument.PriceDecimals, request.Instrument.QuantityDecimals);
        using var writer = new BackfillWriter(_connectionString);
        BackfillProgress? progress = request.RecordProgress ? writer.ReadProgress(job) : null;
        DateTimeOffset cursor = progress?.ResumePoint(request.From, to) ?? request.From;
        DateTimeOffset covered = cursor > request.From && progress is not null ? progress.From : request.From;
        var result = new BackfillResult { StartedAt = cursor, EndedAt = to };
        long requests = client.Requests;
        long limited = client.RateLimited;
        TimeSpan span = client.MaxSpan(request.TimeframeSeconds);
        var candles = new CandleBuffer();
        var bars = new List<BarValues>();
        while (cursor < to)
        {
            DateTimeOffset chunkEnd = to - cursor > span ? cursor + span : to;
            long rejectedBefore = client.Rejected;
            await client.FetchAsync(request.Instrument, request.TimeframeSeconds, cursor, chunkEnd, candles, cancellationToken).ConfigureAwait(false);
            long rejected = client.Rejected - rejectedBefore;
            bars.Clear();
            foreach (ref readonly HistoricalCandle candle in candles.Span)
            {
                bars.Add(ToBar(in candle, request.TimeframeSeconds));
            }

            if (bars.Count > 0)
            {
                DateTimeOffset first = DateTimeOffset.UnixEpoch.AddTicks(bars[0].StartTimeNs / 100);
                result.FirstCandle = result.FirstCandle is { } known && known < first ? known : first;
            }

            cancellationToken.ThrowIfCancellationRequested();
            BackfillChunkResult written = writer.Write(job, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bars), covered, to, chunkEnd, rejected, request.RecordProgress);
            result.Chunks++;
            result.Candles += bars.Count;
            result.Inserted += written.Inserted;
            result.Replaced += written.Replaced;
            result.Kept += written.Kept;
            result.Rejected += rejected;
            cursor = chunkEnd;
            ChunkCommitted?.Invoke(chunkEnd);
        }

        result.Requests = client.Requests - requests;
        result.RateLimited = client.RateLimited - limited;
        return result;
    }

    /// <summary>A candle as the bar row it becomes (VWAP from the turnover where the broker reports one).</summary>
    public static BarValues ToBar(in HistoricalCandle candle, int timeframeSeconds)
    {
        long span = timeframeSeconds * 1_000_000_000L;
        var bar = new BarValues
        {
            StartTimeNs = candle.StartTimeNs,
            EndTimeNs = candle.StartTimeNs + span,
            TimeframeNs = span,
            Open = candle.Open,
            High = candle.High,
            Low = candle.Low,
            Close = candle.Close,
            Volume = candle.Volume,
            TradeCount = candle.TradeCount,
            Turnover = candle.Turnover,
            Vwap = candle.Volume > 0 && candle.Turnover > 0 ? (long)Math.Round((decimal)candle.Turnover / candle.Volume, MidpointRounding.AwayFromZero) : 0,
        };
        return bar;
    }

    private static string Broker(HistoricalCandleClient client) => client.Broker.ToString().ToLowerInvariant();
}
