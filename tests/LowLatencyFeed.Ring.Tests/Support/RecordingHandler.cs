using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Ring.Tests.Support;

/// <summary>Checks per-producer order and counts; optionally records everything it saw.</summary>
public sealed class RecordingHandler : IEventHandler<TestEvent>
{
    private readonly long[] _nextExpected;
    private readonly List<(long Sequence, int Producer, long Value)>? _seen;

    public RecordingHandler(int producers, bool record = false)
    {
        _nextExpected = new long[producers];
        _seen = record ? [] : null;
    }

    public long Count;
    public long OutOfOrder;
    public long Batches;
    public long BatchEnds;
    public bool Started;
    public bool ShutDown;
    public long LastSequence = -1;
    public long SequenceGaps;
    public Func<long, bool>? ThrowAt;

    public IReadOnlyList<(long Sequence, int Producer, long Value)> Seen => _seen!;

    public void OnStart() => Started = true;

    public void OnBatchStart(long batchSize) => Batches++;

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (ThrowAt is not null && ThrowAt(sequence))
        {
            throw new InvalidOperationException($"boom at {sequence}");
        }

        if (LastSequence >= 0 && sequence != LastSequence + 1)
        {
            SequenceGaps++;
        }

        LastSequence = sequence;
        if (data.Value != _nextExpected[data.Producer])
        {
            OutOfOrder++;
        }

        _nextExpected[data.Producer] = data.Value + 1;
        Count++;
        _seen?.Add((sequence, data.Producer, data.Value));
    }

    public void OnBatchEnd(long lastSequence) => BatchEnds++;

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown() => ShutDown = true;
}
