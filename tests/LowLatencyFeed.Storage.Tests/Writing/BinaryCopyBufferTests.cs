using System.Globalization;
using LowLatencyFeed.Core.Pricing;
using LowLatencyFeed.Storage.Tests.Support;
using LowLatencyFeed.Storage.Writing;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;

namespace LowLatencyFeed.Storage.Tests.Writing;

/// <summary>
/// Our binary COPY encoder: field bytes against PostgreSQL's published send formats (numeric: int16 ndigits, weight,
/// sign, dscale, then base-10,000 digits; timestamptz: int64 µs since 2000-01-01), and round trips through a real
/// server, whose text output of each value must equal the exact fixed-point value.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BinaryCopyBufferTests
{
    private readonly PostgresClusterFixture _pg;

    public BinaryCopyBufferTests(PostgresClusterFixture pg) => _pg = pg;

    [Theory]
    [InlineData(250_000L, 2, "0000000A 0001 0000 0000 0002 09C4")] // 2500.00 = one digit 2500, weight 0
    [InlineData(-5L, 2, "0000000A 0001 FFFF 4000 0002 01F4")] // -0.05 = digit 0500 at weight -1
    [InlineData(123_456_789L, 4, "0000000E 0003 0001 0000 0004 0001 0929 1A85")] // 12345.6789 = 1|2345|6789
    [InlineData(0L, 3, "00000008 0000 0000 0000 0003")] // zero keeps its scale
    [InlineData(100_000_000L, 0, "0000000A 0001 0002 0000 0000 0001")] // 1e8: trailing zero digits dropped, weight 2
    [InlineData(7L, 9, "0000000A 0001 FFFD 0000 0009 1B58")] // 0.000000007 = digit 7000 at weight -3
    public void Numeric_fields_match_the_send_format(long mantissa, int decimals, string expectedHex)
    {
        byte[] bytes = EncodeOneField(b => b.Numeric(mantissa, decimals));
        Assert.Equal(Hex(expectedHex), bytes);
    }

    [Fact]
    public void Timestamps_are_microseconds_since_2000_truncated()
    {
        long y2k = 946_684_800L * 1_000_000_000;
        Assert.Equal(Hex("00000008 0000000000000000"), EncodeOneField(b => b.Timestamp(y2k + 999)));
        Assert.Equal(Hex("00000008 0000000000000001"), EncodeOneField(b => b.Timestamp(y2k + 1_000)));
        Assert.Equal(Hex("00000008 FFFFFFFFFFFFFFFF"), EncodeOneField(b => b.Timestamp(y2k - 1)));
    }

    [Fact]
    public void Integers_nulls_and_booleans_are_big_endian_with_lengths()
    {
        Assert.Equal(Hex("00000008 0102030405060708"), EncodeOneField(b => b.Bigint(0x0102030405060708)));
        Assert.Equal(Hex("00000004 FFFFFFFE"), EncodeOneField(b => b.Integer(-2)));
        Assert.Equal(Hex("00000002 0102"), EncodeOneField(b => b.Smallint(0x0102)));
        Assert.Equal(Hex("FFFFFFFF"), EncodeOneField(b => b.Null()));
        Assert.Equal(Hex("00000001 01"), EncodeOneField(b => b.Boolean(true)));
        Assert.Equal(Hex("00000008 3FF8000000000000"), EncodeOneField(b => b.Double(1.5)));
    }

    [Fact]
    public void A_copy_has_the_file_header_row_field_counts_and_the_trailer()
    {
        using var stream = new MemoryStream();
        var buffer = new BinaryCopyBuffer();
        buffer.Begin(stream);
        buffer.StartRow(1);
        buffer.Integer(7);
        buffer.Complete();
        Assert.Equal(Hex("5047434F50590AFF0D0A00 00000000 00000000 0001 00000004 00000007 FFFF"), stream.ToArray());
    }

    [Fact]
    public void Every_value_round_trips_through_postgresql_exactly()
    {
        string cs = _pg.CreateDatabase("copyenc");
        Db.Execute(cs, "CREATE TABLE v (id int, n numeric, t timestamptz, b bigint, d float8, f boolean, w numeric)");
        var random = new Random(11);
        var values = new List<(long Mantissa, int Decimals, long TimeNs, Int128 Wide, int WideDecimals)>
        {
            (long.MaxValue, 0, 0, Int128.MaxValue, 0),
            (long.MinValue, 0, 1, Int128.MinValue, 0),
            (long.MaxValue, 18, 2, Int128.MaxValue, 28),
            (long.MinValue, 17, 3, -1, 28),
            (-1, 16, 4, 0, 5),
            (9_999, 4, 5, 10_000, 4),
        };
        for (int i = 0; i < 2000; i++)
        {
            long mantissa = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            Int128 wide = (Int128)mantissa * random.NextInt64(1, long.MaxValue);
            values.Add((mantissa, random.Next(0, 19), random.NextInt64(0, 4_102_444_800L * 1_000_000_000), wide, random.Next(0, 29)));
        }

        using (var connection = new NpgsqlConnection(cs))
        {
            connection.Open();
            using NpgsqlRawCopyStream stream = connection.BeginRawBinaryCopy("COPY v (id, n, t, b, d, f, w) FROM STDIN (FORMAT BINARY)");
            var buffer = new BinaryCopyBuffer(2048); // small: many flushes mid-copy
            buffer.Begin(stream);
            for (int i = 0; i < values.Count; i++)
            {
                buffer.StartRow(7);
                buffer.Integer(i);
                buffer.Numeric(values[i].Mantissa, values[i].Decimals);
                buffer.Timestamp(values[i].TimeNs);
                buffer.Bigint(values[i].Mantissa);
                buffer.Double(values[i].Mantissa / 3.0);
                buffer.Boolean((i & 1) == 1);
                buffer.Numeric(values[i].Wide, values[i].WideDecimals);
            }

            buffer.Complete();
        }

        using var read = new NpgsqlConnection(cs);
        read.Open();
        using var command = new NpgsqlCommand("SELECT id, n::text, (extract(epoch from t) * 1000000)::bigint, b, d, f, w::text FROM v ORDER BY id", read);
        using NpgsqlDataReader reader = command.ExecuteReader();
        int rows = 0;
        while (reader.Read())
        {
            int i = reader.GetInt32(0);
            var (mantissa, decimals, timeNs, wide, wideDecimals) = values[i];
            Assert.Equal(Exact(mantissa, decimals), reader.GetString(1));
            Assert.Equal(timeNs / 1000, reader.GetInt64(2));
            Assert.Equal(mantissa, reader.GetInt64(3));
            Assert.Equal(mantissa / 3.0, reader.GetDouble(4));
            Assert.Equal((i & 1) == 1, reader.GetBoolean(5));
            Assert.Equal(Exact(wide, wideDecimals), reader.GetString(6));
            rows++;
        }

        Assert.Equal(values.Count, rows);
    }

    [Fact]
    public void A_scale_beyond_28_decimals_is_refused()
    {
        var buffer = new BinaryCopyBuffer();
        buffer.Begin(new MemoryStream());
        buffer.StartRow(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Numeric(1L, 29));
    }

    /// <summary>The value written out by digit arithmetic on the decimal string of the mantissa: independent of the encoder.</summary>
    private static string Exact(Int128 mantissa, int decimals)
    {
        string digits = (mantissa < 0 ? -(BigIntegerOf(mantissa)) : BigIntegerOf(mantissa)).ToString(CultureInfo.InvariantCulture);
        string sign = mantissa < 0 ? "-" : string.Empty;
        if (decimals == 0)
        {
            return sign + digits;
        }

        digits = digits.PadLeft(decimals + 1, '0');
        return sign + digits[..^decimals] + "." + digits[^decimals..];
    }

    private static System.Numerics.BigInteger BigIntegerOf(Int128 value) => (System.Numerics.BigInteger)value;

    private static byte[] EncodeOneField(Action<BinaryCopyBuffer> write)
    {
        using var stream = new MemoryStream();
        var buffer = new BinaryCopyBuffer();
        buffer.Begin(stream);
        buffer.StartRow(1);
        write(buffer);
        buffer.Complete();
        byte[] all = stream.ToArray();
        const int header = 19 + 2; // file header, then the row's field count
        return all[header..^2]; // without the trailer
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
