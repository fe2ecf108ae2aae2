using System.Text;
using LowLatencyFeed.Protocols.Binance;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>The UTF-8 symbol table: case-insensitive, no false hits, dense indexes.</summary>
public sealed class BinanceSymbolTableTests
{
    [Fact]
    public void Finds_every_symbol_in_any_case_and_nothing_else()
    {
        var symbols = new List<string>();
        for (int i = 0; i < 500; i++)
        {
            symbols.Add($"sym{i}usdt");
        }

        var table = new BinanceSymbolTable(symbols);

        Assert.Equal(500, table.Count);
        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(i, table.Find(Encoding.ASCII.GetBytes($"sym{i}usdt")));
            Assert.Equal(i, table.Find(Encoding.ASCII.GetBytes($"SYM{i}USDT")));
            Assert.Equal(-1, table.Find(Encoding.ASCII.GetBytes($"sym{i}usd")));
        }

        Assert.Equal(-1, table.Find(""u8));
        Assert.Equal(-1, table.Find("sym1usdt@"u8));
        Assert.Equal("sym7usdt", table.SymbolAt(7));
    }

    [Fact]
    public void Case_folding_is_ascii_letters_only()
    {
        var table = new BinanceSymbolTable(["a1b"]);

        Assert.Equal(0, table.Find("A1B"u8));
        Assert.Equal(-1, table.Find("a\u0011b"u8));   // '1' | 0x20 would be 0x31 = '1'; 0x11 must not fold onto it
        Assert.Equal(-1, table.Find("a!b"u8));
    }

    [Fact]
    public void Empty_table_finds_nothing()
    {
        Assert.Equal(-1, new BinanceSymbolTable([]).Find("btcusdt"u8));
    }
}
