using System.Globalization;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>What one protocol's fuzz run found. Passed when nothing crashed, hung, left a claim open or allocated.</summary>
public sealed class FuzzReport
{
    /// <summary>The protocol.</summary>
    public required string Protocol { get; init; }

    /// <summary>The seed.</summary>
    public required long Seed { get; init; }

    /// <summary>Frames decoded (including warm-up).</summary>
    public long Frames { get; set; }

    /// <summary>Warm-up frames (not measured for allocations).</summary>
    public long WarmUpFrames { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Frames per second (mutation and decode).</summary>
    public double FramesPerSecond => Elapsed.TotalSeconds > 0 ? Frames / Elapsed.TotalSeconds : 0;

    /// <summary>Events the parser published.</summary>
    public long Events { get; set; }

    /// <summary>Parse errors by reason (the parser's own counters).</summary>
    public Dictionary<ParseErrorReason, long> ErrorsByReason { get; } = [];

    /// <summary>Frames made by each mutation.</summary>
    public long[] FramesByMutation { get; } = new long[FrameMutator.MutationCount];

    /// <summary>Frames whose decode threw (the session absorbed and counted the exception as a decode fault).</summary>
    public long Crashes { get; set; }

    /// <summary>Frames after which a claimed slot was never published (it would stall the ring).</summary>
    public long OpenClaims { get; set; }

    /// <summary>True when a frame's decode did not finish within the watchdog timeout.</summary>
    public bool Hung { get; set; }

    /// <summary>Bytes allocated by decodes after warm-up, other than the once-per-reason first-error descriptions.</summary>
    public long AllocatedBytes { get; set; }

    /// <summary>Measured frames whose decode allocated (other than a first-error description).</summary>
    public long AllocatingFrames { get; set; }

    /// <summary>Bytes of first-error descriptions after warm-up (each reason describes its first error once, by design).</summary>
    public long DescriptionBytes { get; set; }

    /// <summary>
    /// Bytes allocated by decodes after warm-up that rejected the frame as malformed JSON (BadJson): System.Text.Json's
    /// reader reports malformed JSON only by throwing, so each such frame costs an exception. Reported, not a failure.
    /// </summary>
    public long MalformedJsonBytes { get; set; }

    /// <summary>Measured frames counted in <see cref="MalformedJsonBytes"/>.</summary>
    public long MalformedJsonAllocatingFrames { get; set; }

    /// <summary>Bytes allocated after warm-up by frames made from handshake replies (auth and connect responses: control messages parsed once per connection, allowed to allocate).</summary>
    public long ControlBytes { get; set; }

    /// <summary>Measured frames counted in <see cref="ControlBytes"/>.</summary>
    public long ControlAllocatingFrames { get; set; }

    /// <summary>Allocated bytes per measured frame.</summary>
    public double AllocatedBytesPerFrame => Frames > WarmUpFrames ? AllocatedBytes / (double)(Frames - WarmUpFrames) : 0;

    /// <summary>The first failing frame (crash, hang, open claim or allocation): how to reproduce it.</summary>
    public string? FirstFailure { get; set; }

    /// <summary>True when the run found nothing wrong.</summary>
    public bool Passed => Crashes == 0 && OpenClaims == 0 && !Hung && AllocatingFrames == 0;

    /// <summary>One summary line and the errors by reason.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{Protocol,-13} frames {Frames,12:N0}  {FramesPerSecond,10:N0} frames/s  events {Events,12:N0}  crashes {Crashes}  hangs {(Hung ? 1 : 0)}  open claims {OpenClaims}  alloc {AllocatedBytesPerFrame:0.###} B/frame ({AllocatingFrames} frames)  {(Passed ? "PASS" : "FAIL")}"));
        if (MalformedJsonAllocatingFrames > 0)
        {
            output.WriteLine(string.Create(c, $"  malformed JSON (rejected by a System.Text.Json exception): {MalformedJsonAllocatingFrames:N0} frames, {MalformedJsonBytes / (double)MalformedJsonAllocatingFrames:N0} B each"));
        }

        if (ControlAllocatingFrames > 0)
        {
            output.WriteLine(string.Create(c, $"  handshake replies (control messages, may allocate): {ControlAllocatingFrames:N0} frames, {ControlBytes / (double)ControlAllocatingFrames:N0} B each"));
        }

        output.WriteLine("  errors: " + string.Join(", ", ErrorsByReason.Where(static e => e.Value > 0).Select(e => string.Create(c, $"{e.Key} {e.Value:N0}"))));
        output.WriteLine("  mutations: " + string.Join(", ", FramesByMutation.Select((n, i) => string.Create(c, $"{(FuzzMutation)i} {n:N0}"))));
        if (FirstFailure is not null)
        {
            output.WriteLine("  first failure: " + FirstFailure);
        }
    }
}
