using System.Runtime.InteropServices;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>
/// The sink of one parallel replay worker: counts every derived event like <see cref="ReplayDerivedSink"/> and appends
/// those bound for a file (bars, metric samples) to a private temporary file with the replay step that produced them,
/// for the canonical merge after the workers finish (<see cref="ParallelReplay"/>). Single-threaded, preallocated:
/// nothing is allocated per event, and workers share nothing while they run.
/// </summary>
internal sealed class SpoolingDerivedSink : IDerivedEventSink, IDisposable
{
    private const int BufferedEvents = 1024;

    private readonly SpooledDerivedEvent[] _buffer = new SpooledDerivedEvent[BufferedEvents];
    private readonly FileStream? _file;
    private readonly bool _spoolBars;
    private readonly bool _spoolMetrics;
    private DerivedEvent _slot;
    private int _buffered;
    private int _read;

    public SpoolingDerivedSink(string? directory, bool spoolBars, bool spoolMetrics)
    {
        _spoolBars = spoolBars;
        _spoolMetrics = spoolMetrics;
        if (spoolBars || spoolMetrics)
        {
            string path = Path.Combine(directory ?? Path.GetTempPath(), "llfeed-replay-" + Guid.NewGuid().ToString("N") + ".spool");
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        }
    }

    /// <summary>Sequence of the replayed event being handled (set by the loop before each event).</summary>
    public long Step { get; set; }

    public long Bars { get; private set; }

    public long MetricsSamples { get; private set; }

    public long Signals { get; private set; }

    public long Indicators { get; private set; }

    /// <summary>The spooled event at the read position (after <see cref="Rewind"/>), valid while <see cref="HasCurrent"/>.</summary>
    public ref readonly SpooledDerivedEvent Current => ref _buffer[_read];

    public bool HasCurrent => _read < _buffered;

    public ref DerivedEvent Claim()
    {
        _slot = default;
        return ref _slot;
    }

    public void Publish()
    {
        bool spool;
        switch (_slot.Header.Kind)
        {
            case DerivedEventKind.Bar:
                Bars++;
                spool = _spoolBars;
                break;
            case DerivedEventKind.BookMetrics:
                MetricsSamples++;
                spool = _spoolMetrics;
                break;
            case DerivedEventKind.Signal:
                Signals++;
                spool = false;
                break;
            case DerivedEventKind.Indicator:
                Indicators++;
                spool = false;
                break;
            default:
                spool = false;
                break;
        }

        if (!spool)
        {
            return;
        }

        ref SpooledDerivedEvent entry = ref _buffer[_buffered];
        entry.Step = Step;
        entry.Event = _slot;
        if (++_buffered == BufferedEvents)
        {
            WriteBuffer();
        }
    }

    /// <summary>Writes what is buffered and moves to the start of the spool for reading.</summary>
    public void Rewind()
    {
        if (_file is null)
        {
            _buffered = 0;
            _read = 0;
            return;
        }

        WriteBuffer();
        _file.Position = 0;
        Fill();
    }

    /// <summary>Moves to the next spooled event.</summary>
    public void Advance()
    {
        if (++_read == _buffered && _file is not null)
        {
            Fill();
        }
    }

    public void Dispose() => _file?.Dispose();

    private void WriteBuffer()
    {
        _file!.Write(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _buffered)));
        _buffered = 0;
    }

    private void Fill()
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(_buffer.AsSpan());
        int read = _file!.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        _buffered = read / System.Runtime.CompilerServices.Unsafe.SizeOf<SpooledDerivedEvent>();
        _read = 0;
    }
}
