using System.Diagnostics;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Ring.Processing;

namespace LowLatencyFeed.Bus.Publishing;

/// <summary>
/// The <c>bus</c> consumer of the ingress ring (run it after the journal writer): encodes every event into the current
/// batch and hands batches to the publisher. A batch is handed when full, at the end of a ring batch when the publisher
/// has nothing queued (so a quiet feed gets low latency and a busy one large batches), or once older than the maximum
/// delay. Never blocks: without a free batch the range is dropped, counted, and read back from the journal later.
/// </summary>
public sealed class BusStagerHandler : IEventHandler<MarketEvent>
{
    private readonly BusChannel _channel;
    private readonly DepthSlabPool? _slabs;
    private readonly long _maxDelayTicks;
    private BusBatch _batch;
    private bool _dropping;
    private long _droppedEvents;
    private long _lastSequence = -1;

    /// <summary>Creates the stager over <paramref name="channel"/>; <paramref name="slabs"/> is the ring's depth slab pool.</summary>
    public BusStagerHandler(BusChannel channel, DepthSlabPool? slabs, TimeSpan maxDelay)
    {
        _channel = channel;
        _slabs = slabs;
        _batch = channel.Initial;
        _maxDelayTicks = (long)(maxDelay.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Events dropped for lack of a free batch (published later from the journal).</summary>
    public long DroppedEvents => Volatile.Read(ref _droppedEvents);

    /// <summary>Source sequence of the last event seen, -1 before the first.</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch)
    {
        if (!_dropping && _batch.IsFull)
        {
            Hand();
        }

        if (_dropping)
        {
            // No free batch: this range goes to the journal catch-up; try again at the next batch end.
            Volatile.Write(ref _droppedEvents, _droppedEvents + 1);
            _channel.NoteDropped(sequence);
        }
        else
        {
            _batch.Append(in data, sequence, _slabs);
        }

        Volatile.Write(ref _lastSequence, sequence);
    }

    /// <inheritdoc />
    public void OnBatchEnd(long lastSequence)
    {
        if (_dropping)
        {
            _channel.Wake();
            _dropping = !_channel.TryRent(out BusBatch fresh);
            if (!_dropping)
            {
                _batch = fresh;
            }

            return;
        }

        if (!_batch.IsEmpty && (_channel.Pending == 0 || Stopwatch.GetTimestamp() - _batch.StartedTimestamp >= _maxDelayTicks))
        {
            Hand();
        }
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence) => OnBatchEnd(sequence);

    /// <inheritdoc />
    public void OnShutdown()
    {
        if (!_dropping && !_batch.IsEmpty)
        {
            Hand();
        }

        _channel.Wake();
    }

    private void Hand()
    {
        _channel.Publish(_batch);
        if (_channel.TryRent(out BusBatch fresh))
        {
            _batch = fresh;
        }
        else
        {
            _dropping = true;
        }
    }
}
