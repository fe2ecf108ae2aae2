using System.Text;
using LowLatencyFeed.Journal.Format;

namespace LowLatencyFeed.Journal.Tests;

public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789_is_E3069283()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(0xE3069283u, Crc32C.ComputeSoftware(data));
    }

    [Fact]
    public void Published_iscsi_vectors_match()
    {
        // RFC 3720 appendix B.4: 32 bytes of zeros, of 0xFF, and an ascending run.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x00000000u, Crc32C.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Hardware_and_software_paths_agree_on_every_length_and_alignment()
    {
        var random = new Random(7);
        byte[] data = new byte[300];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
        {
            for (int length = 0; length + start <= data.Length; length += 7)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                Assert.Equal(Crc32C.ComputeSoftware(slice), Crc32C.Compute(slice));
            }
        }
    }

    [Fact]
    public void Hardware_and_software_paths_agree_on_inputs_of_many_interleaved_chunks()
    {
        // Lengths from below one three-lane chunk (1,536 bytes) to several, with every kind of tail after the chunks.
        var random = new Random(11);
        byte[] data = new byte[9000];
        random.NextBytes(data);
        for (int start = 0; start < 4; start++)
        {
            for (int length = 1400; length + start <= data.Length; length += 37)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                Assert.Equal(Crc32C.ComputeSoftware(slice), Crc32C.Compute(slice));
            }
        }
    }

    [Fact]
    public void Long_run_of_zeros_and_of_ones_match_the_table_path()
    {
        // Zeros stress the lane joins (every lane's own state stays zero); ones the opposite.
        byte[] zeros = new byte[4 * 1536];
        byte[] ones = Enumerable.Repeat((byte)0xFF, 4 * 1536).ToArray();
        Assert.Equal(Crc32C.ComputeSoftware(zeros), Crc32C.Compute(zeros));
        Assert.Equal(Crc32C.ComputeSoftware(ones), Crc32C.Compute(ones));
    }

    [Fact]
    public void Update_in_pieces_equals_one_pass()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        uint state = Crc32C.Update(~0u, data.AsSpan(0, 4));
        state = Crc32C.Update(state, data.AsSpan(4));
        Assert.Equal(0xE3069283u, ~state);
    }
}
