using LowLatencyFeed.Host.Fuzzing;
using LowLatencyFeed.Host.Simulation;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// The CI fuzz run: 10^5 mutated and random frames per protocol through the live decode path (all protocols in
/// parallel), and the properties of the frame mutator that make a run reproducible and complete.
/// </summary>
public sealed class FuzzTests
{
    private const long Frames = 100_000;

    [Fact]
    public async Task Every_protocol_survives_a_hundred_thousand_fuzzed_frames_without_crash_hang_or_allocation()
    {
        FuzzReport[] reports = await Task.WhenAll(SimulatedFeedConfig.Protocols.Select(protocol => Task.Run(
            () => FuzzRunner.Run(protocol, seed: 11, Frames, warmUp: 10_000, frameTimeout: TimeSpan.FromSeconds(60)))));
        foreach (FuzzReport report in reports)
        {
            string context = $"{report.Protocol}: {report.FirstFailure}";
            Assert.True(report.Frames == Frames, context);
            Assert.True(report.Crashes == 0, context);
            Assert.False(report.Hung, context);
            Assert.True(report.OpenClaims == 0, context);
            Assert.True(report.AllocatingFrames == 0, context);

            // The mutations reached the parser: cut messages were reported as such, and several kinds of error were
            // counted; the valid frames still decoded.
            Assert.True(report.ErrorsByReason[ParseErrorReason.Truncated] > 100, $"{report.Protocol}: {report.ErrorsByReason[ParseErrorReason.Truncated]} truncation errors");
            Assert.True(report.ErrorsByReason.Count(e => e.Value > 0) >= 4, $"{report.Protocol}: only {string.Join(", ", report.ErrorsByReason.Where(e => e.Value > 0))}");
            Assert.True(report.Events > Frames / 20, $"{report.Protocol}: {report.Events} events");
            Assert.All(report.FramesByMutation, n => Assert.InRange(n, (Frames / FrameMutator.MutationCount) - 1, (Frames / FrameMutator.MutationCount) + 1));
        }
    }

    [Fact]
    public void A_frame_depends_only_on_the_seed_and_its_index()
    {
        FuzzTarget target = FuzzTarget.Create("kite", seed: 5);
        var mutator = new FrameMutator(target.Templates, target.ControlTemplates, seed: 5);
        var again = new FrameMutator(target.Templates, target.ControlTemplates, seed: 5);
        var other = new FrameMutator(target.Templates, target.ControlTemplates, seed: 6);
        byte[] a = new byte[mutator.MaxFrameLength];
        byte[] b = new byte[mutator.MaxFrameLength];
        int differing = 0;
        foreach (long index in new long[] { 99, 3, 12_345, 0, 7_777_777 })
        {
            int length = mutator.Make(index, a, out MessageKind kind, out FuzzMutation mutation, out _);
            Assert.Equal(length, again.Make(index, b, out MessageKind kindAgain, out FuzzMutation mutationAgain, out _));
            Assert.Equal(a.AsSpan(0, length), b.AsSpan(0, length));
            Assert.Equal((kind, mutation), (kindAgain, mutationAgain));
            Assert.Equal((FuzzMutation)(index % FrameMutator.MutationCount), mutation);
            int otherLength = other.Make(index, b, out _, out _, out _);
            differing += otherLength != length || !a.AsSpan(0, length).SequenceEqual(b.AsSpan(0, otherLength)) ? 1 : 0;
        }

        Assert.True(differing >= 3, "another seed makes other frames");
    }

    [Fact]
    public void Truncation_frames_sweep_every_length_of_every_template()
    {
        FuzzTarget target = FuzzTarget.Create("dhan", seed: 3);
        var mutator = new FrameMutator(target.Templates, target.ControlTemplates, seed: 3);
        byte[] frame = new byte[mutator.MaxFrameLength];
        var seen = new HashSet<(int Template, int Length)>();
        for (long sweep = 0; sweep < mutator.TruncationSweep; sweep++)
        {
            long index = (sweep * FrameMutator.MutationCount) + (int)FuzzMutation.Truncation;
            int length = mutator.Make(index, frame, out _, out FuzzMutation mutation, out int template);
            Assert.Equal(FuzzMutation.Truncation, mutation);
            Assert.Equal(target.Templates[template].Payload.AsSpan(0, length), frame.AsSpan(0, length));
            Assert.True(seen.Add((template, length)));
        }

        int expected = target.Templates.Sum(t => t.Payload.Length + 1);
        Assert.Equal(expected, seen.Count);
    }
}
