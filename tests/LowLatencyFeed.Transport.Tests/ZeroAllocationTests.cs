using System.Net.WebSockets;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Kite;
using LowLatencyFeed.Transport.Tests.Support;

namespace LowLatencyFeed.Transport.Tests;

/// <summary>The steady-state receive → pipe → decode → sink path allocates nothing per message.</summary>
[Collection(nameof(AllocationCollection))]
public sealed class ZeroAllocationTests
{
    private const int WarmupMessages = 20_000;
    private const int WindowMessages = 5_000;
    private const int MaxWindows = 10;

    [Fact]
    public async Task Steady_state_streaming_allocates_nothing_per_message()
    {
        // A frame of 10 quote packets, sent over and over by a server that allocates nothing per send either.
        byte[] frame = BuildFrame();
        await using var server = new LoopbackWebSocketServer(async (socket, index, ct) =>
        {
            ReadOnlyMemory<byte> payload = frame;
            while (!ct.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(payload, WebSocketMessageType.Binary, true, ct);
            }
        });

        var counter = new CountingSink.Counter();
        var session = new FeedSession(new KiteProtocol(), [], new FeedSessionOptions { Uri = server.Uri, KeepAliveInterval = TimeSpan.Zero, CloseTimeout = TimeSpan.FromMilliseconds(200) });
        using var stop = new CancellationTokenSource();
        Task run = session.RunAsync(new CountingSink(counter), stop.Token);

        // Allocations are counted process-wide, so background work left over from other test classes can add noise
        // to a window. A per-message allocation cannot hide: it would add ≥ 24 bytes × 5000 to every window. So
        // measure windows until one shows less than half a byte per message.
        WaitForMessages(session, WarmupMessages);
        var windows = new List<(long Bytes, long Messages)>();
        bool clean = false;
        while (!clean && windows.Count < MaxWindows)
        {
            long startMessages = session.Statistics.Messages;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            WaitForMessages(session, startMessages + WindowMessages);
            long after = GC.GetTotalAllocatedBytes(precise: true);
            long messages = session.Statistics.Messages - startMessages;
            windows.Add((after - before, messages));
            clean = after - before < messages / 2;
        }

        await stop.CancelAsync();
        await run;

        Assert.Equal(0, session.Statistics.ParseErrors);
        Assert.Equal((session.Statistics.Messages * 10) + 3, counter.Events); // + Connected, Subscribed, Disconnected
        Assert.True(clean, "bytes allocated per window of messages: " + string.Join(", ", windows.Select(w => $"{w.Bytes} B / {w.Messages}")));
    }

    private static void WaitForMessages(FeedSession session, long count)
    {
        // Polls without awaiting: a Task.Delay per poll would itself allocate.
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (session.Statistics.Messages < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"only {session.Statistics.Messages} of {count} messages arrived");
            }

            Thread.Sleep(5);
        }
    }

    private static byte[] BuildFrame()
    {
        var ticks = new MarketEvent[10];
        for (int i = 0; i < ticks.Length; i++)
        {
            ref MarketEvent t = ref ticks[i];
            t.Header.Kind = EventKind.Tick;
            t.Header.PriceDecimals = 2;
            t.Header.Instrument = InstrumentId.From(FeedKind.Kite, 408065);
            t.Tick.LastPrice = 157370 + i;
            t.Tick.LastQuantity = 7;
            t.Tick.CumulativeVolume = 1000 + i;
        }

        byte[] buffer = new byte[KiteEncoder.MaxFrameLength(ticks.Length)];
        int length = KiteEncoder.WriteFrame(buffer, ticks, [], KiteMode.Quote);
        return buffer[..length];
    }

    /// <summary>Counts events into a preallocated slot; allocates nothing.</summary>
    private readonly struct CountingSink(CountingSink.Counter counter) : IEventSink
    {
        public ref MarketEvent Claim()
        {
            counter.Slot = default;
            return ref counter.Slot;
        }

        public void Publish() => Volatile.Write(ref counter.Events, counter.Events + 1);

        public sealed class Counter
        {
            public MarketEvent Slot;
            public long Events;
        }
    }
}
