using LowLatencyFeed.Protocols.Binance;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Records snapshot requests; the test plays the fetcher by filling and completing the handoff.</summary>
internal sealed class RecordingSnapshotRequester : IBinanceSnapshotRequester
{
    public List<BinanceSnapshotHandoff> Requests { get; } = [];

    public void RequestSnapshot(BinanceSnapshotHandoff handoff) => Requests.Add(handoff);
}
