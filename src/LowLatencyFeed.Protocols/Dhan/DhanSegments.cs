namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>Maps <see cref="DhanExchangeSegment"/> values to and from their JSON names. Cold path.</summary>
public static class DhanSegments
{
    /// <summary>The JSON name of a segment (<c>"NSE_EQ"</c>), or null when the byte is not a defined segment.</summary>
    public static string? Name(byte segment) => (DhanExchangeSegment)segment switch
    {
        DhanExchangeSegment.IdxI => "IDX_I",
        DhanExchangeSegment.NseEq => "NSE_EQ",
        DhanExchangeSegment.NseFno => "NSE_FNO",
        DhanExchangeSegment.NseCurrency => "NSE_CURRENCY",
        DhanExchangeSegment.BseEq => "BSE_EQ",
        DhanExchangeSegment.McxComm => "MCX_COMM",
        DhanExchangeSegment.BseCurrency => "BSE_CURRENCY",
        DhanExchangeSegment.BseFno => "BSE_FNO",
        _ => null,
    };

    /// <summary>Parses a JSON segment name (case-insensitive).</summary>
    public static bool TryParse(string? name, out DhanExchangeSegment segment)
    {
        for (byte b = 0; b <= (byte)DhanExchangeSegment.BseFno; b++)
        {
            string? candidate = Name(b);
            if (candidate is not null && string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                segment = (DhanExchangeSegment)b;
                return true;
            }
        }

        segment = default;
        return false;
    }

    /// <summary>True for <see cref="DhanExchangeSegment.IdxI"/>, whose ticks are index values.</summary>
    public static bool IsIndex(byte segment) => segment == (byte)DhanExchangeSegment.IdxI;
}
