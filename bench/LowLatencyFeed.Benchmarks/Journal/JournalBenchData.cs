using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Format;
using LowLatencyFeed.Journal.Writing;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;

namespace LowLatencyFeed.Benchmarks.Journal;

/// <summary>
/// The events every journal benchmark uses: the simulator's market generator in full mode (a tick with every modelled
/// field and a 5+5 depth snapshot per update) over 50 Kite instruments, receive times a few hundred µs after exchange
/// times, and a clock event every 100 updates — what a live Kite session journals.
/// </summary>
internal static class JournalBenchData
{
    public const int Updates = 100_000;

    /// <summary>Events in the data set: a tick and a depth snapshot per update plus a clock event per 100 updates.</summary>
    public const int EventCount = (Updates * 2) + (Updates / 100);

    private static readonly Lazy<MarketEvent[]> s_events = new(Build);
    private static readonly Lazy<JournalSizes> s_sizes = new(Measure);

    public static MarketEvent[] Events => s_events.Value;

    public static int Count => Events.Length;

    /// <summary>Raw (encoded, uncompressed) and stored bytes per compression, measured once per process (columns run in the host).</summary>
    public static JournalSizes Sizes => s_sizes.Value;

    public static JournalWriterOptions Options(string directory, JournalCompression compression, bool blockThread = false) => new()
    {
        Directory = directory,
        Compression = compression,
        BlockThread = blockThread,

        // Benchmarks measure the writer, not the disk: blocks go to the page cache, fsync only at close.
        Durability = JournalDurability.FlushPerBlock,
        SegmentBytes = 1L << 30,
    };

    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "llfeed-journal-bench-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes every event into a new journal in <paramref name="directory"/>.</summary>
    public static JournalWriterStatistics WriteAll(string directory, JournalCompression compression)
    {
        using var writer = JournalWriter.Open(Options(directory, compression));
        MarketEvent[] events = Events;
        for (int i = 0; i < events.Length; i++)
        {
            writer.Append(in events[i], i);
        }

        writer.Flush(toDisk: false);
        return writer.Statistics;
    }

    /// <summary>
    /// The data set's records as the writer's blocks hold them before compression: encoded with the writer's codec and
    /// cut where the writer closes a block (at <see cref="JournalWriterOptions.BlockBytes"/> or its event limit).
    /// </summary>
    public static (byte[] Bytes, int Length)[] EncodedBlocks()
    {
        var defaults = Options("unused", JournalCompression.Lz4);
        var blocks = new List<(byte[], int)>();
        byte[] block = new byte[defaults.BlockBytes + RecordCodec.MaxRecordBytes(0)];
        int length = 0;
        int count = 0;
        RecordTimeBase times = default;
        foreach (MarketEvent e in Events)
        {
            length += Math.Abs(RecordCodec.EncodeNarrow(in e, ref block[length], ref times, null));
            count++;
            if (length >= defaults.BlockBytes || count >= defaults.MaxEventsPerBlock)
            {
                blocks.Add((block, length));
                block = new byte[block.Length];
                length = 0;
                count = 0;
                times = default;
            }
        }

        if (count > 0)
        {
            blocks.Add((block, length));
        }

        return [.. blocks];
    }

    private static MarketEvent[] Build()
    {
        var instruments = new SimulatedInstrument[50];
        for (int i = 0; i < instruments.Length; i++)
        {
            instruments[i] = new SimulatedInstrument(Token: 256_265 + (i * 256), StartPrice: 100_000 + (i * 7_305), TickSize: 5, StartOpenInterest: i % 3 == 0 ? 1_000_000 : 0);
        }

        const long Start = 1_735_702_200_000_000_000; // 2025-01-01T03:30:00Z, 09:00 IST
        var generator = new MarketGenerator(instruments, seed: 20250101, startTimeNs: Start, stepNs: 200_000);
        var events = new List<MarketEvent>((Updates * 2) + (Updates / 100));
        var random = new Random(7);
        SimulatedUpdate update = default;
        for (int i = 0; i < Updates; i++)
        {
            generator.Next(generator.Pick(instruments.Length), SubscriptionMode.Full, ref update);
            long receive = update.Tick.Header.ExchangeTimeNs + 150_000 + random.Next(0, 300_000);
            update.Tick.Header.ReceiveTimeNs = receive;
            update.Tick.Header.SessionId = 1;
            events.Add(update.Tick);
            if (update.Depth.Header.Kind == EventKind.Depth)
            {
                update.Depth.Header.ReceiveTimeNs = receive;
                update.Depth.Header.SessionId = 1;
                events.Add(update.Depth);
            }

            if (i % 100 == 99)
            {
                MarketEvent clock = default;
                clock.Header.Kind = EventKind.Clock;
                clock.Header.ExchangeTimeNs = receive;
                clock.Header.ReceiveTimeNs = receive;
                events.Add(clock);
            }
        }

        MarketEvent[] array = events.ToArray();
        if (array.Length != EventCount)
        {
            throw new InvalidOperationException($"Data set has {array.Length} events, benchmarks assume {EventCount}.");
        }

        for (int i = 0; i < array.Length; i++)
        {
            array[i].Header.Sequence = i;
        }

        return array;
    }

    private static JournalSizes Measure()
    {
        string plain = NewDirectory();
        string lz4 = NewDirectory();
        try
        {
            JournalWriterStatistics none = WriteAll(plain, JournalCompression.None);
            JournalWriterStatistics compressed = WriteAll(lz4, JournalCompression.Lz4);
            return new JournalSizes(Count, none.RawBytes, none.StoredBytes, compressed.StoredBytes);
        }
        finally
        {
            Directory.Delete(plain, recursive: true);
            Directory.Delete(lz4, recursive: true);
        }
    }
}
