using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Client.Streaming;
using LowLatencyFeed.Host.Streaming;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>
/// Batched stream messages (README, "Batched messages"): what the host's <see cref="StreamBatch"/> packs, the C#
/// client's <see cref="StreamBatchReader"/> splits back into the records each message reads into alone.
/// </summary>
public sealed class StreamBatchTests
{
    [Fact]
    public void A_binary_batch_reads_back_message_by_message_and_a_full_batch_refuses_the_next_one()
    {
        var batch = new StreamBatch(StreamMessageLog.MaxMessageBytes + 100);
        var singles = new List<byte[]>();
        int added = 0;
        for (int i = 0; i < 1000; i++)
        {
            byte[] tick = Tick(seq: i + 1, price: 10_000 + i);
            if (!batch.TryAdd(tick, binary: true))
            {
                break;
            }

            singles.Add(tick);
            added++;
        }

        // 8 header bytes, then 4 + 96 bytes a tick: 41 ticks fit in 4196 bytes, with room left for no 42nd.
        Assert.Equal(41, added);
        Assert.Equal(added, batch.Count);
        Assert.False(batch.TryAdd(Encoding.UTF8.GetBytes("{\"type\":\"tick\"}"), binary: false));
        ReadOnlyMemory<byte> bytes = batch.Complete(out bool binary);
        Assert.True(binary);
        Assert.Equal(8 + (added * 100), bytes.Length);
        Assert.Equal((0, 1, added), (bytes.Span[0], bytes.Span[1], (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Span[2..])));
        Assert.True(StreamBatchReader.IsBatch(bytes.Span, binary: true));

        List<StreamMessage> read = StreamBatchReader.Read(bytes.Span, binary: true);
        Assert.Equal(singles.Select(s => StreamBinaryReader.Read(s)), read);
        TickMessage last = Assert.IsType<TickMessage>(read[^1]);
        Assert.Equal((41L, 100.40m), (last.Seq, last.Price));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_json_batch_is_one_array_of_the_messages()
    {
        var batch = new StreamBatch(16 * 1024);
        string[] messages =
        [
            """{"type":"tick","instrument":"Kite:408065","time":"2026-12-07T04:00:00+00:00","seq":1,"price":100.25}""",
            """{"type":"trade","instrument":"Kite:408065","time":"2026-12-07T04:00:01+00:00","seq":2,"price":100.5,"quantity":3}""",
        ];
        foreach (string message in messages)
        {
            Assert.True(batch.TryAdd(Encoding.UTF8.GetBytes(message), binary: false));
        }

        Assert.False(batch.TryAdd(Tick(3, 1), binary: true));   // the other form waits for the next batch
        ReadOnlyMemory<byte> bytes = batch.Complete(out bool binary);
        Assert.False(binary);
        Assert.Equal("[" + string.Join(",", messages) + "]", Encoding.UTF8.GetString(bytes.Span));
        Assert.Equal(
            messages.Select(m => StreamMessageReader.Read(Encoding.UTF8.GetBytes(m))),
            StreamBatchReader.Read(bytes.Span, binary: false));
        Assert.False(StreamBatchReader.IsBatch(Encoding.UTF8.GetBytes(messages[0]), binary: false));
        Assert.False(StreamBatchReader.IsBatch(Tick(1, 1), binary: true));
    }

    [Fact]
    public void A_run_of_json_log_records_copies_out_as_the_json_batch_of_its_messages_or_not_at_all_once_overwritten()
    {
        string[] messages =
        [
            """{"type":"tick","instrument":"Kite:408065","time":"2026-12-07T04:00:00+00:00","seq":1,"price":100.25}""",
            """{"type":"trade","instrument":"Kite:408065","time":"2026-12-07T04:00:01+00:00","seq":2,"price":100.5,"quantity":3}""",
            """{"type":"gap","queue":"market","dropped":1,"droppedTotal":1}""",
            """{"type":"tick","instrument":"Binance:7","time":"2026-12-07T04:00:02+00:00","seq":3,"price":0.00012}""",
        ];
        var log = new StreamMessageLog(64 * 1024);
        log.Append(Encoding.UTF8.GetBytes("""{"type":"tick","seq":0}"""));
        long start = log.Append(Encoding.UTF8.GetBytes(messages[0]));
        for (int i = 1; i < messages.Length; i++)
        {
            log.Append(Encoding.UTF8.GetBytes(messages[i]));
        }

        // The records [u32 length][bytes] from the second message's position to the end, as one array: '[' m ',' m … ']'.
        long end = start + messages.Sum(m => 4 + Encoding.UTF8.GetByteCount(m));
        string expected = "[" + string.Join(",", messages) + "]";
        byte[] batch = new byte[16 * 1024];
        batch.AsSpan().Fill((byte)'#');
        Assert.True(log.TryCopyAsJsonArray(start, end, batch, out int length));
        Assert.Equal(expected, Encoding.UTF8.GetString(batch, 0, length));
        Assert.Equal('#', (char)batch[length]);
        Assert.True(StreamBatchReader.IsBatch(batch.AsSpan(0, length), binary: false));
        Assert.Equal(
            messages.Select(m => StreamMessageReader.Read(Encoding.UTF8.GetBytes(m))),
            StreamBatchReader.Read(batch.AsSpan(0, length), binary: false));

        // An array that would not fit is refused whole, not cut; so is a region not made of whole records.
        Assert.False(log.TryCopyAsJsonArray(start, end, batch.AsSpan(0, expected.Length - 1), out _));
        Assert.True(log.TryCopyAsJsonArray(start, end, batch.AsSpan(0, expected.Length), out length));
        Assert.Equal(expected.Length, length);
        Assert.False(log.TryCopyAsJsonArray(start, end - 1, batch, out _));

        // Once the writer came round over the run it is refused.
        byte[] filler = new byte[1000];
        for (int i = 0; i < 70; i++)
        {
            log.Append(filler);
        }

        Assert.False(log.TryCopyAsJsonArray(start, end, batch, out _));
    }

    /// <summary>A binary tick (README, "Binary form"): 32-byte header, price only (flag bit 0), 2 price decimals.</summary>
    private static byte[] Tick(long seq, long price)
    {
        byte[] tick = new byte[96];
        tick[0] = 1;
        tick[1] = 1;
        tick[2] = 2;
        BinaryPrimitives.WriteInt32LittleEndian(tick.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(tick.AsSpan(8), (1L << 56) | 408065);
        BinaryPrimitives.WriteInt64LittleEndian(tick.AsSpan(16), 1_796_000_000_000_000_000 + seq);
        BinaryPrimitives.WriteInt64LittleEndian(tick.AsSpan(24), seq);
        BinaryPrimitives.WriteInt64LittleEndian(tick.AsSpan(32), price);
        return tick;
    }
}
