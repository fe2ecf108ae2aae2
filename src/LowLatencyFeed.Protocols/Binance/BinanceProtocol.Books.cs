using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Reader-thread side of book synchronization: resets, snapshot handoffs, snapshot requests.</summary>
public sealed partial class BinanceProtocol
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ServiceBooks<TSink>(long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        int events = 0;
        if (Interlocked.Exchange(ref _resetRequested, 0) != 0)
        {
            AdoptPendingTables();
            foreach (BinanceInstrument instrument in _books)
            {
                events += instrument.Book!.Reset(receiveTimeNs, ref sink);
            }
        }

        if (_signal.IsRaised)
        {
            _signal.Lower();
            foreach (BinanceInstrument instrument in _books)
            {
                BinanceSnapshotHandoff handoff = instrument.Handoff!;
                if (!handoff.IsReady)
                {
                    continue;
                }

                BinanceBookSynchronizer book = instrument.Book!;
                BinanceSnapshotOutcome outcome = book.OnSnapshot(handoff.Snapshot, ref sink, out int published);
                events += published;
                handoff.Release(synced: outcome == BinanceSnapshotOutcome.Applied);
                if (book.NeedsSnapshot)
                {
                    RequestSnapshot(instrument);
                }
            }
        }

        return events;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RequestSnapshot(BinanceInstrument instrument)
    {
        IBinanceSnapshotRequester? requester = Volatile.Read(ref _requester);
        BinanceSnapshotHandoff handoff = instrument.Handoff!;
        if (requester is not null && handoff.TryBeginRequest())
        {
            requester.RequestSnapshot(handoff);
        }
    }
}
