using System.Text;
using LowLatencyFeed.Brokers.Csv;

namespace LowLatencyFeed.Brokers.Tests;

public sealed class CsvRowReaderTests
{
    /// <summary>Hands out at most one byte per read, so every row crosses buffer refills.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }

    [Fact]
    public void Quotes_commas_doubled_quotes_crlf_bom_and_blank_lines_read_the_same_byte_by_byte()
    {
        byte[] text = [0xEF, 0xBB, 0xBF, .. "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n\"multi\nline\",2,3\n"u8];
        foreach (Stream stream in new Stream[] { new MemoryStream(text), new TrickleStream(text) })
        {
            using var reader = new CsvRowReader(stream);
            Assert.True(reader.ReadRow());
            Assert.Equal(["a", "b", "c"], Fields(reader));
            Assert.Equal(1, reader.LineNumber);
            Assert.True(reader.ReadRow());
            Assert.Equal(["x, y", "say \"hi\"", ""], Fields(reader));
            Assert.True(reader.ReadRow());
            Assert.Equal(["multi\nline", "2", "3"], Fields(reader));
            Assert.Equal(4, reader.LineNumber);
            Assert.True(reader.RowTerminated);
            Assert.False(reader.ReadRow());
        }
    }

    [Fact]
    public void A_last_row_without_line_end_and_an_open_quote_are_reported()
    {
        using var cut = new CsvRowReader(new MemoryStream("a,b\n1,2"u8.ToArray()));
        Assert.True(cut.ReadRow());
        Assert.True(cut.ReadRow());
        Assert.False(cut.RowTerminated);

        using var open = new CsvRowReader(new MemoryStream("a,b\n\"1,2\n"u8.ToArray()));
        Assert.True(open.ReadRow());
        Assert.True(open.ReadRow());
        Assert.False(open.QuotesBalanced);
    }

    [Fact]
    public void Reading_rows_and_numbers_allocates_nothing_per_row()
    {
        var text = new StringBuilder("token,price\n");
        for (int i = 0; i < 20_000; i++)
        {
            text.Append(i).Append(",1").Append(i).Append(".05\n");
        }

        byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
        long Read()
        {
            using var reader = new CsvRowReader(new MemoryStream(bytes));
            long before = GC.GetAllocatedBytesForCurrentThread();
            long sum = 0;
            while (reader.ReadRow())
            {
                if (FieldText.TryParseInt64(reader.Field(0), out long token) && FieldText.TryParseDecimal(reader.Field(1), out decimal price))
                {
                    sum += token + (long)price;
                }
            }

            Assert.True(sum > 0);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Read(); // warm-up: JIT and pool
        long allocated = Read();
        Assert.True(allocated < 20_000, $"{allocated} bytes for 20,000 rows: something allocates per row");
    }

    private static string[] Fields(CsvRowReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = Encoding.UTF8.GetString(reader.Field(i));
        }

        return fields;
    }
}
