using System.Runtime.InteropServices;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Replay;

/// <summary>A derived event as a parallel replay worker spools it: the sequence of the replayed event that produced it, then the event.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SpooledDerivedEvent
{
    /// <summary>Sequence of the replayed event being handled when it was published (<see cref="long.MaxValue"/>: the end-of-replay flush).</summary>
    public long Step;

    public DerivedEvent Event;
}
