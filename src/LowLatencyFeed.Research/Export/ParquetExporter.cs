using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Replay;

namespace LowLatencyFeed.Research.Export;

/// <summary>
/// <c>llfeed journal export --format parquet</c>: the journal as Parquet files, one per table and UTC day. Two
/// streaming passes: the market tables (ticks, trades, quotes, depth) straight from the journal reader, then the
/// derived tables (bars, book metrics, indicators) from a replay through the live bar, book and indicator code. Only
/// one row group per open file is held in memory.
/// </summary>
public static class ParquetExporter
{
    public static ParquetExportResult Export(ParquetExportOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RowGroupRows < 1)
        {
            ThrowHelper.ThrowArgument(nameof(options.RowGroupRows), "Rows per row group must be positive; got {0}.", options.RowGroupRows);
        }

        if (!Directory.Exists(options.JournalDirectory))
        {
            ThrowHelper.ThrowDirectoryNotFound("Journal directory '{0}' does not exist.", options.JournalDirectory);
        }

        var labels = new InstrumentLabels();
        int rows = options.RowGroupRows;
        var rowCounts = new Dictionary<string, long>();
        var files = new List<string>();
        long unrepresentable = 0;
        long issues;

        // Pass 1: market tables.
        using (var ticks = new DailyParquetFiles<TickBuffer>(options.OutDirectory, "ticks", () => new TickBuffer(rows, labels)))
        using (var trades = new DailyParquetFiles<TradeBuffer>(options.OutDirectory, "trades", () => new TradeBuffer(rows, labels)))
        using (var quotes = new DailyParquetFiles<QuoteBuffer>(options.OutDirectory, "quotes", () => new QuoteBuffer(rows, labels)))
        using (var depth = new DailyParquetFiles<DepthBuffer>(options.OutDirectory, "depth", () => new DepthBuffer(rows, labels)))
        {
            var reader = JournalReader.Open(options.JournalDirectory, new JournalReaderOptions { DepthSlabs = new DepthSlabPool(2, ushort.MaxValue) });
            using JournalCursor cursor = reader.Read(new JournalQuery
            {
                FromTimeNs = options.FromTimeNs ?? long.MinValue,
                ToTimeNs = options.ToTimeNs ?? long.MaxValue,
                Instruments = options.Instruments,
            });
            while (cursor.MoveNext())
            {
                cancellation.ThrowIfCancellationRequested();
                ref readonly MarketEvent e = ref cursor.Current;
                switch (e.Header.Kind)
                {
                    case EventKind.Tick when (e.Tick.Fields & TickFields.IsTrade) != 0:
                        unrepresentable += Add(trades, e.Header.ExchangeTimeNs, in e);
                        break;
                    case EventKind.Tick:
                        unrepresentable += Add(ticks, e.Header.ExchangeTimeNs, in e);
                        break;
                    case EventKind.Quote:
                        unrepresentable += Add(quotes, e.Header.ExchangeTimeNs, in e);
                        break;
                    case EventKind.Depth:
                        unrepresentable += AddDepth(depth, in e, cursor.CurrentBids, cursor.CurrentAsks);
                        break;
                }
            }

            issues = cursor.IssueCount;
            Collect(ticks, rowCounts, files);
            Collect(trades, rowCounts, files);
            Collect(quotes, rowCounts, files);
            Collect(depth, rowCounts, files);
        }

        // Pass 2: derived tables through the live code.
        using (var sink = new DerivedParquetSink(options, labels))
        {
            ReplayRunner.Run(
                new ReplayOptions
                {
                    JournalDirectory = options.JournalDirectory,
                    FromTimeNs = options.FromTimeNs,
                    ToTimeNs = options.ToTimeNs,
                    Instruments = options.Instruments,
                    Bars = options.Bars,
                    Books = options.Books,
                    Indicators = options.Indicators,
                    DerivedSink = sink,
                },
                cancellation: cancellation);
            sink.Dispose();
            unrepresentable += sink.Unrepresentable;
            Collect(sink.Bars, rowCounts, files);
            Collect(sink.Metrics, rowCounts, files);
            if (sink.Indicators is not null)
            {
                Collect(sink.Indicators, rowCounts, files);
            }
        }

        return new ParquetExportResult { Rows = rowCounts, Files = files, UnrepresentableRows = unrepresentable, JournalIssues = issues };
    }

    private static int Add<T>(DailyParquetFiles<T> files, long time, in MarketEvent e)
        where T : TableBuffer, IMarketRowBuffer
    {
        T buffer = files.For(time);
        if (!buffer.TryAdd(in e))
        {
            return 1;
        }

        files.Added(buffer);
        return 0;
    }

    private static int AddDepth(DailyParquetFiles<DepthBuffer> files, in MarketEvent e, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        int skipped = 0;
        for (int side = 0; side < 2; side++)
        {
            ReadOnlySpan<DepthLevel> levels = side == 0 ? bids : asks;
            for (int i = 0; i < levels.Length; i++)
            {
                DepthBuffer buffer = files.For(e.Header.ExchangeTimeNs);
                if (buffer.TryAdd(in e, side, i + 1, in levels[i]))
                {
                    files.Added(buffer);
                }
                else
                {
                    skipped++;
                }
            }
        }

        return skipped;
    }

    private static void Collect<T>(DailyParquetFiles<T> table, Dictionary<string, long> rows, List<string> files)
        where T : TableBuffer
    {
        table.Dispose();
        rows[table.Table] = table.Rows;
        files.AddRange(table.Files);
    }

    /// <summary>The replay's derived events into the bar, book metric and indicator files.</summary>
    private sealed class DerivedParquetSink : IDerivedEventSink, IDisposable
    {
        private readonly DerivedEvent[] _slot = new DerivedEvent[1];

        public DerivedParquetSink(ParquetExportOptions options, InstrumentLabels labels)
        {
            int rows = options.RowGroupRows;
            Bars = new DailyParquetFiles<BarBuffer>(options.OutDirectory, "bars", () => new BarBuffer(rows, labels));
            Metrics = new DailyParquetFiles<BookMetricsBuffer>(options.OutDirectory, "book_metrics", () => new BookMetricsBuffer(rows, labels, options.Books.ImbalanceDepths));
            Indicators = options.Indicators is { Indicators.Count: > 0 }
                ? new DailyParquetFiles<IndicatorBuffer>(options.OutDirectory, "indicators", () => new IndicatorBuffer(rows, labels))
                : null;
        }

        public DailyParquetFiles<BarBuffer> Bars { get; }

        public DailyParquetFiles<BookMetricsBuffer> Metrics { get; }

        public DailyParquetFiles<IndicatorBuffer>? Indicators { get; }

        public long Unrepresentable { get; private set; }

        public ref DerivedEvent Claim()
        {
            ref DerivedEvent slot = ref _slot[0];
            slot = default;
            return ref slot;
        }

        public void Publish()
        {
            ref readonly DerivedEvent e = ref _slot[0];
            switch (e.Header.Kind)
            {
                case DerivedEventKind.Bar:
                    BarBuffer bars = Bars.For(e.Bar.StartTimeNs);
                    Keep(bars.TryAdd(in e), Bars, bars);
                    break;
                case DerivedEventKind.BookMetrics:
                    BookMetricsBuffer metrics = Metrics.For(e.Header.SourceExchangeTimeNs);
                    Keep(metrics.TryAdd(in e), Metrics, metrics);
                    break;
                case DerivedEventKind.Indicator when Indicators is not null:
                    IndicatorBuffer indicators = Indicators.For(e.Indicator.BarStartTimeNs);
                    Keep(indicators.TryAdd(in e), Indicators, indicators);
                    break;
            }
        }

        public void Dispose()
        {
            Bars.Dispose();
            Metrics.Dispose();
            Indicators?.Dispose();
        }

        private void Keep<T>(bool added, DailyParquetFiles<T> files, T buffer)
            where T : TableBuffer
        {
            if (added)
            {
                files.Added(buffer);
            }
            else
            {
                Unrepresentable++;
            }
        }
    }
}
