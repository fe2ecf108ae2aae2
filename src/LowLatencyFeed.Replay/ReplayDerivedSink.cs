using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>
/// Where the replay's bar and book builders publish: counts each kind, writes bars, metric samples and indicator values to their files,
/// and forwards every event to the host's sink (the database) when one is plugged in. Single-threaded, like the
/// replay loop that drives both builders.
/// </summary>
internal sealed class ReplayDerivedSink : IDerivedEventSink, IDisposable
{
    private readonly BarFileWriter? _bars;
    private readonly MetricsFileWriter? _metrics;
    private readonly IndicatorFileWriter? _indicators;
    private readonly IDerivedEventSink? _next;
    private readonly DerivedEvent[] _slot = new DerivedEvent[1];

    public ReplayDerivedSink(ReplayOptions options)
    {
        var names = new DerivedFormatting();
        _next = options.DerivedSink;
        try
        {
            if (options.BarsOutFile is not null)
            {
                _bars = new BarFileWriter(options.BarsOutFile, options.Format, names);
            }

            if (options.MetricsOutFile is not null)
            {
                _metrics = new MetricsFileWriter(options.MetricsOutFile, options.Format, options.Books.ImbalanceDepths, names);
            }

            if (options.IndicatorsOutFile is not null)
            {
                _indicators = new IndicatorFileWriter(options.IndicatorsOutFile, options.Format, names);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public long Bars { get; private set; }

    public long MetricsSamples { get; private set; }

    public long Signals { get; private set; }

    public long Indicators { get; private set; }

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
                Bars++;
                _bars?.Write(in e);
                break;
            case DerivedEventKind.BookMetrics:
                MetricsSamples++;
                _metrics?.Write(in e);
                break;
            case DerivedEventKind.Signal:
                Signals++;
                break;
            case DerivedEventKind.Indicator:
                Indicators++;
                _indicators?.Write(in e);
                break;
        }

        if (_next is not null)
        {
            _next.Claim() = e;
            _next.Publish();
        }
    }

    public void Dispose()
    {
        _bars?.Dispose();
        _metrics?.Dispose();
        _indicators?.Dispose();
    }
}
