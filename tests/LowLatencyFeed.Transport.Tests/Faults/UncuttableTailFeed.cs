using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Transport.Tests.Faults;

/// <summary>
/// A simulated feed whose data messages can no longer be cut once its sessions have encoded more than
/// <paramref name="cuttableUpdates"/> updates: the stream's last truncation falls due with nothing in its batch — nor in
/// any later one — that the feed can cut. Everything else is the wrapped feed's.
/// </summary>
internal sealed class UncuttableTailFeed(ISimulatedFeed inner, long cuttableUpdates) : ISimulatedFeed
{
    public FeedKind Feed => inner.Feed;

    public string Path => inner.Path;

    public IReadOnlyList<SimulatedInstrument> DefaultInstruments => inner.DefaultInstruments;

    public ISimulatedFeedSession CreateSession(SimulatedSessionContext context) => new Session(inner.CreateSession(context), cuttableUpdates);

    private sealed class Session(ISimulatedFeedSession inner, long cuttableUpdates) : ISimulatedFeedSession, ISimulatedFaultWriter
    {
        private readonly ISimulatedFaultWriter _faults = (ISimulatedFaultWriter)inner;
        private long _encoded;

        public int MaxUpdatesPerFrame => inner.MaxUpdatesPerFrame;

        public void OnConnected(SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies) => inner.OnConnected(subscriptions, replies);

        public void OnClientMessage(ReadOnlySpan<byte> message, MessageKind kind, SimulatedSubscriptions subscriptions, SimulatedFrameWriter replies) =>
            inner.OnClientMessage(message, kind, subscriptions, replies);

        public void Encode(ReadOnlySpan<SimulatedUpdate> updates, SimulatedFrameWriter frames)
        {
            _encoded += updates.Length;
            inner.Encode(updates, frames);
        }

        public bool TryWriteHeartbeat(SimulatedFrameWriter frames) => inner.TryWriteHeartbeat(frames);

        public void WriteGarbage(ReadOnlySpan<byte> noise, SimulatedFrameWriter frames) => _faults.WriteGarbage(noise, frames);

        public int TruncatedLength(ReadOnlySpan<byte> message, MessageKind kind, ulong random) =>
            _encoded > cuttableUpdates ? 0 : _faults.TruncatedLength(message, kind, random);
    }
}
