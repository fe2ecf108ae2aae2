using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Sees each event on the last stage of the ingress graph (the database stager, which runs after the journal, bars and
/// books), right after the stager handled it, on the stager's thread: the end-to-end latency harness measures there.
/// Must not allocate, lock or block (it runs on the hot path).
/// </summary>
public interface IStageProbe
{
    /// <summary>The stager has just handled <paramref name="data"/> (ring sequence <paramref name="sequence"/>).</summary>
    void OnStaged(ref MarketEvent data, long sequence);
}
