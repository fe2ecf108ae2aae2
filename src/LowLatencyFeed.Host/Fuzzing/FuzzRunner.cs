using System.Diagnostics;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>
/// Runs fuzz frames through one <see cref="FuzzTarget"/> on a thread of its own, watched: a frame whose decode takes
/// longer than the timeout is a hang (the run stops and reports it; the stuck thread is a background thread). The
/// watchdog reads the worker's progress counter (the frame number it is on) every 50 ms, so the worker pays one store
/// per frame for it, not a clock read and a timer. After the warm-up every decode is bracketed by
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public sealed class FuzzRunner
{
    private const int HexLimit = 4096;
    private static readonly ParseErrorReason[] s_reasons = Enum.GetValues<ParseErrorReason>();

    // Counts System.Text.Json's exceptions (malformed JSON, undecodable escapes) per thread: the parsers catch them, so
    // only the runtime's first-chance event sees them.
    private static readonly Lazy<bool> s_watchExceptions = new(static () =>
    {
        AppDomain.CurrentDomain.FirstChanceException += static (_, e) =>
        {
            if (e.Exception is System.Text.Json.JsonException || e.Exception.Source == "System.Text.Json")
            {
                s_threadJsonExceptions++;
            }
        };
        return true;
    });

    [ThreadStatic]
    private static long s_threadJsonExceptions;

    private readonly FuzzTarget _target;
    private readonly FrameMutator _mutator;
    private readonly long _frames;
    private readonly long _warmUp;
    private readonly byte[] _frame;
    private readonly FuzzReport _report;
    private long _current = -1;
    private Exception? _failure;

    /// <summary>Prepares a run of <paramref name="frames"/> frames (the first <paramref name="warmUp"/> unmeasured) for a target built with <paramref name="seed"/>.</summary>
    public FuzzRunner(FuzzTarget target, long seed, long frames, long warmUp)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _mutator = new FrameMutator(target.Templates, target.ControlTemplates, seed);
        _frames = frames;
        _warmUp = Math.Min(warmUp, frames);
        _frame = new byte[_mutator.MaxFrameLength];
        _report = new FuzzReport { Protocol = target.Protocol, Seed = seed, WarmUpFrames = _warmUp };
    }

    /// <summary>Builds the target of <paramref name="protocol"/> and runs it.</summary>
    public static FuzzReport Run(string protocol, long seed, long frames, long warmUp, TimeSpan frameTimeout, CancellationToken cancellationToken = default) =>
        new FuzzRunner(FuzzTarget.Create(protocol, seed), seed, frames, warmUp).Run(frameTimeout, cancellationToken);

    /// <summary>Runs every frame (or until a hang or cancellation) and returns the report.</summary>
    public FuzzReport Run(TimeSpan frameTimeout, CancellationToken cancellationToken = default)
    {
        s_watchExceptions.Value.ToString();
        var stopwatch = Stopwatch.StartNew();
        var worker = new Thread(() => Loop(cancellationToken)) { IsBackground = true, Name = "fuzz-" + _target.Protocol };
        worker.Start();
        long timeoutTicks = (long)(frameTimeout.TotalSeconds * Stopwatch.Frequency);
        long seen = Volatile.Read(ref _current);
        long seenAt = Stopwatch.GetTimestamp();
        while (!worker.Join(50))
        {
            long index = Volatile.Read(ref _current);
            long now = Stopwatch.GetTimestamp();
            if (index != seen)
            {
                seen = index;
                seenAt = now;
            }
            else if (index >= 0 && now - seenAt > timeoutTicks)
            {
                _report.Hung = true;
                _report.FirstFailure ??= Describe("hang", index, $"frame still being made or decoded after {frameTimeout.TotalSeconds:0.#} s");
                break;
            }
        }

        if (_failure is not null)
        {
            throw new InvalidOperationException($"fuzz {_target.Protocol}: the harness failed at frame {_current}", _failure);
        }

        _report.Elapsed = stopwatch.Elapsed;
        _report.Events = _target.Sink.Publishes;
        foreach (ParseErrorReason reason in s_reasons)
        {
            _report.ErrorsByReason[reason] = _target.Diagnostics.ErrorCount(reason);
        }

        return _report;
    }

    private void Loop(CancellationToken cancellationToken)
    {
        try
        {
            FuzzTarget target = _target;
            FuzzSinkState sink = target.Sink;
            long faults = target.Session.Statistics.DecodeFaults;
            int described = DescribedReasons();
            for (long i = 0; i < _frames && !cancellationToken.IsCancellationRequested; i++)
            {
                Volatile.Write(ref _current, i);
                int length = _mutator.Make(i, _frame, out MessageKind kind, out FuzzMutation mutation, out int template);
                _report.FramesByMutation[(int)mutation]++;
                long jsonExceptions = s_threadJsonExceptions;
                long before = GC.GetAllocatedBytesForCurrentThread();
                target.Decode(_frame.AsSpan(0, length), kind);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                _report.Frames = i + 1;
                if (allocated != 0 && i >= _warmUp)
                {
                    int now = DescribedReasons();
                    if (now != described)
                    {
                        described = now;
                        _report.DescriptionBytes += allocated;
                    }
                    else if (s_threadJsonExceptions != jsonExceptions)
                    {
                        // System.Text.Json's reader reports malformed JSON only by throwing: counted apart, not hidden.
                        _report.MalformedJsonBytes += allocated;
                        _report.MalformedJsonAllocatingFrames++;
                    }
                    else if (_mutator.IsControl(template))
                    {
                        // Handshake replies (auth, connect responses) are parsed once per connection and may allocate.
                        _report.ControlBytes += allocated;
                        _report.ControlAllocatingFrames++;
                    }
                    else if (AllocatesAgain(target, length, kind))
                    {
                        _report.AllocatedBytes += allocated;
                        _report.AllocatingFrames++;
                        _report.FirstFailure ??= Describe("allocation", i, $"{allocated} bytes allocated by the decode");
                    }
                }

                long nowFaults = target.Session.Statistics.DecodeFaults;
                if (nowFaults != faults)
                {
                    faults = nowFaults;
                    _report.Crashes++;
                    _report.FirstFailure ??= Describe("crash", i, target.Crashes.FirstException?.ToString() ?? "decoder exception");
                }

                if (sink.Claims != sink.Publishes)
                {
                    _report.OpenClaims++;
                    _report.FirstFailure ??= Describe("open claim", i, $"{sink.Claims - sink.Publishes} claimed slot(s) not published");
                    sink.Publishes = sink.Claims;
                }
            }
        }
        catch (Exception exception)
        {
            _failure = exception;
        }
    }

    private int DescribedReasons()
    {
        int count = 0;
        foreach (ParseErrorReason reason in s_reasons)
        {
            count += _target.Diagnostics.WillDescribe(reason) ? 0 : 1;
        }

        return count;
    }

    private string Describe(string what, long index, string detail)
    {
        // Rebuilt into a buffer of its own: the watchdog calls this while the worker may still hold the frame buffer.
        byte[] frame = new byte[_mutator.MaxFrameLength];
        int length = _mutator.Make(index, frame, out MessageKind kind, out FuzzMutation mutation, out _);
        string hex = Convert.ToHexString(frame, 0, Math.Min(length, HexLimit));
        return $"{what} at frame {index} (protocol {_target.Protocol}, seed {_report.Seed}, {mutation}, {kind}, {length} bytes): {detail}; hex {hex}{(length > HexLimit ? "…" : "")}";
    }

    /// <summary>
    /// A frame that allocated is decoded once more: a one-time cost met late (a type or path first reached after the
    /// warm-up, the runtime's own lazy work on a loaded machine) does not repeat, an allocation per frame does.
    /// </summary>
    private bool AllocatesAgain(FuzzTarget target, int length, MessageKind kind)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        target.Decode(_frame.AsSpan(0, length), kind);
        return GC.GetAllocatedBytesForCurrentThread() - before != 0;
    }
}
